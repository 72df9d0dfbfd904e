/** `GET /api/designs/:id/files/:file/preview`: a big mesh's compact preview (GLB), cached for long. */
import type { Request, Response } from "express";
import type { DesignDownloads } from "../services/design-downloads.ts";
import { sendBlob } from "./send-blob.ts";

/** A file's preview never changes (a new version is a new file), as with its thumbnails. */
const IMMUTABLE = "public, max-age=31536000, immutable";

export async function sendPreview(req: Request, res: Response, downloads: DesignDownloads, designId: string, file: string): Promise<void> {
  const { file: stored, preview, body } = await downloads.preview(designId, file);
  const name = `${stored.name.replace(/\.[^.]+$/, "")}-preview.glb`;
  await sendBlob(req, res, { name, sha256: preview.sha256, size: preview.bytes, contentType: "model/gltf-binary" }, body, { disposition: "inline", cacheControl: IMMUTABLE });
}
