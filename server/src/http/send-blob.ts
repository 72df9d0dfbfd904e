/** Streams a stored file with its type, download name and its sha256 as ETag (304 when unchanged). */
import type { Request, Response } from "express";
import { once } from "node:events";
import type { ReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { HttpError } from "../errors.ts";

export interface BlobDescription {
  name: string;
  sha256: string;
  size: number;
  contentType: string;
}

export interface SendOptions {
  /** "attachment" (default) downloads under the file's name; "inline" is for images shown in the page. */
  disposition?: "attachment" | "inline";
  /** Cache-Control header, when the URL's content never changes. */
  cacheControl?: string;
}

export async function sendBlob(req: Request, res: Response, file: BlobDescription, body: ReadStream, options: SendOptions = {}): Promise<void> {
  const etag = `"${file.sha256}"`;
  res.setHeader("ETag", etag);
  if (options.cacheControl) res.setHeader("Cache-Control", options.cacheControl);
  if (req.get("if-none-match") === etag) {
    body.destroy();
    res.status(304).end();
    return;
  }
  try {
    await once(body, "open");
  } catch {
    throw new HttpError(410, "blob-missing", `The stored bytes of '${file.name}' are missing from the hub's data directory. Upload the file again.`);
  }
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Length", String(file.size));
  res.setHeader("Content-Disposition", `${options.disposition ?? "attachment"}; filename="${file.name.replace(/["\\\r\n]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  await pipeline(body, res);
}
