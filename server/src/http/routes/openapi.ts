/** `GET /api/openapi.json`: the OpenAPI 3.1 document of this API (built once, on first request). */
import express from "express";
import { openApiDocument } from "../openapi.ts";

export function openApiRoutes() {
  const router = express.Router();
  let document: string | null = null;
  router.get("/", (_req, res) => {
    document ??= JSON.stringify(openApiDocument());
    res.type("application/json").send(document);
  });
  return router;
}
