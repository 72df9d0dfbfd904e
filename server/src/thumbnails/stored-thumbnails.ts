/** Putting encoded thumbnails into the BlobStore (content-addressed) and describing them as rows. */
import { Readable } from "node:stream";
import type { FileThumbnailRow } from "../db/schema.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import type { EncodedThumbnail } from "./image-encoder.ts";

export interface StoredThumbnails {
  rows: FileThumbnailRow[];
  /** Blobs this call created (to remove again if the database write fails). */
  created: string[];
}

export async function storeThumbnails(blobs: BlobStore, fileId: string, images: readonly EncodedThumbnail[]): Promise<StoredThumbnails> {
  const stored: StoredThumbnails = { rows: [], created: [] };
  for (const image of images) {
    const blob = await blobs.stage(Readable.from([Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength)]));
    if ((await blobs.commit(blob)).created) stored.created.push(blob.sha256);
    stored.rows.push({ file_id: fileId, size: image.size, format: image.format, edge: image.edge, sha256: blob.sha256, bytes: blob.size });
  }
  return stored;
}
