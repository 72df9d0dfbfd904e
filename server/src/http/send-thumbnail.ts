/** `GET …/thumbnail?size=small|large&format=png|webp`: a rendered image, cached for long. */
import type { Request, Response } from "express";
import { HttpError } from "../errors.ts";
import type { DesignDownloads } from "../services/design-downloads.ts";
import { THUMBNAIL_FORMATS, THUMBNAIL_SIZES, type ThumbnailSize } from "../thumbnails/image-encoder.ts";
import { sendBlob } from "./send-blob.ts";

/** A file's thumbnail never changes (a new version is a new file); the design's changes with its primary file, named by `v`. */
const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "public, max-age=300, must-revalidate";

export async function sendThumbnail(req: Request, res: Response, downloads: DesignDownloads, designId: string, file: string | null): Promise<void> {
  const size = choice(req.query.size, "size", Object.keys(THUMBNAIL_SIZES) as ThumbnailSize[], "small");
  const format = choice(req.query.format, "format", THUMBNAIL_FORMATS, "png");
  const { image, body } = await downloads.thumbnail(designId, file, size, format);
  const cacheControl = file !== null || typeof req.query.v === "string" ? IMMUTABLE : REVALIDATE;
  await sendBlob(
    req,
    res,
    { name: `thumbnail-${size}.${format}`, sha256: image.sha256, size: image.bytes, contentType: `image/${format}` },
    body,
    { disposition: "inline", cacheControl },
  );
}

function choice<T extends string>(value: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === "") return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new HttpError(400, "invalid-query", `'${name}' must be one of ${allowed.join(", ")}; got '${String(value)}'.`);
}
