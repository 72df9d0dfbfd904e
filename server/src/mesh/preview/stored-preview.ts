/** Putting a preview mesh into the BlobStore (content-addressed) and describing it as design_files columns. */
import { Readable } from "node:stream";
import type { NewDesignFile } from "../../db/schema.ts";
import type { BlobStore } from "../../storage/blob-store.ts";
import type { MeshPreview } from "./mesh-preview.ts";

export type PreviewColumns = Pick<NewDesignFile, "preview_sha256" | "preview_format" | "preview_triangles" | "preview_bytes">;

export const NO_PREVIEW: PreviewColumns = { preview_sha256: null, preview_format: null, preview_triangles: null, preview_bytes: null };

/** `created`: the blob this call added (to remove again if the database write fails), or null. */
export async function storePreview(blobs: BlobStore, preview: MeshPreview): Promise<{ columns: PreviewColumns; created: string | null }> {
  const blob = await blobs.stage(Readable.from([Buffer.from(preview.bytes.buffer, preview.bytes.byteOffset, preview.bytes.byteLength)]));
  const { created } = await blobs.commit(blob);
  return {
    columns: { preview_sha256: blob.sha256, preview_format: preview.format, preview_triangles: preview.triangles, preview_bytes: blob.size },
    created: created ? blob.sha256 : null,
  };
}
