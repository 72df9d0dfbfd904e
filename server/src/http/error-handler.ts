/** Turns every failure into protocol `ApiError` JSON with a fitting status. */
import type { ApiError } from "@peerfab/protocol";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { HttpError } from "../errors.ts";
import { MeshError, type MeshErrorCode } from "@peerfab/protocol/formats/mesh";

const MESH_STATUS: Record<MeshErrorCode, number> = {
  "empty-file": 400,
  "not-stl": 415,
  "truncated-stl": 422,
  "triangle-count-mismatch": 422,
  "non-finite-coordinate": 422,
  "zero-triangles": 422,
  "ascii-syntax": 422,
  "too-many-triangles": 413,
  "not-3mf": 415,
  "corrupt-zip": 422,
  "unsafe-zip-entry": 422,
  "zip-too-large": 413,
  "missing-3mf-part": 422,
  "malformed-xml": 422,
  "xml-doctype": 422,
  "invalid-3mf": 422,
  "no-gcode-in-package": 422,
};

export function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof MeshError) return new HttpError(MESH_STATUS[error.code], error.code, error.message);
  if (typeof error === "object" && error !== null && "type" in error) {
    if (error.type === "entity.parse.failed") return new HttpError(400, "invalid-json", "The request body is not valid JSON. Send a JSON object with Content-Type: application/json.");
    if (error.type === "entity.too.large") return new HttpError(413, "body-too-large", "The JSON body is too large; send at most 1 MB.");
  }
  return null;
}

export function errorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toHttpError(error);
    if (!known) log.error({ err: error, method: req.method, url: req.originalUrl }, "request failed");
    const status = known?.status ?? 500;
    const body: ApiError = known?.toBody() ?? {
      error: "internal",
      detail: "The hub hit an unexpected error; it is logged. Try again, and report it if it keeps happening.",
    };
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json(body);
  };
}

export function apiNotFound(req: Request, res: Response) {
  const body: ApiError = { error: "not-found", detail: `There is no API route ${req.method} ${req.path}. The routes are listed in the README ("REST API").` };
  res.status(404).json(body);
}
