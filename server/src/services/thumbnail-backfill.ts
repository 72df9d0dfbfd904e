/**
 * Thumbnails for mesh files stored before the renderer existed: after start, each such file is
 * rendered in the worker pool, one at a time, in the background. A file that cannot be rendered
 * keeps its placeholder (and is tried again at the next start).
 */
import type { Logger } from "pino";
import type { AnalysisPool } from "../mesh/analysis-pool.ts";
import type { MeshLimits } from "@peerfab/protocol/formats/mesh";
import type { DesignRepository } from "../repositories/designs.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import { storeThumbnails } from "../thumbnails/stored-thumbnails.ts";

export class ThumbnailBackfill {
  private stopped = false;

  constructor(
    private readonly designs: DesignRepository,
    private readonly blobs: BlobStore,
    private readonly analysis: AnalysisPool,
    private readonly limits: MeshLimits,
    private readonly log: Logger,
  ) {}

  /** Renders every missing thumbnail; resolves with how many files got one. Never rejects. */
  async run(): Promise<number> {
    let rendered = 0;
    try {
      const pending = await this.designs.meshFilesWithoutThumbnails(100_000);
      for (const file of pending) {
        if (this.stopped) break;
        if (await this.renderOne(file)) rendered++;
      }
      if (pending.length > 0) this.log.info({ rendered, of: pending.length }, "rendered thumbnails of files stored before thumbnails existed");
    } catch (error) {
      if (!this.stopped) this.log.error({ err: error }, "the thumbnail backfill stopped");
    }
    return rendered;
  }

  stop(): void {
    this.stopped = true;
  }

  private async renderOne(file: { id: string; name: string; sha256: string }): Promise<boolean> {
    // The worker reads files by path: copy the blob into the staging area for the render.
    const copy = await this.blobs.stage(this.blobs.open(file.sha256));
    try {
      const { thumbnails } = await this.analysis.run({ kind: "render-thumbnails", path: copy.path, fileName: file.name, limits: this.limits });
      if (this.stopped) return false;
      const stored = await storeThumbnails(this.blobs, file.id, thumbnails);
      await this.designs.addThumbnails(stored.rows);
      return true;
    } catch (error) {
      if (!this.stopped) this.log.warn({ err: error, fileId: file.id }, "could not render a thumbnail; the file keeps its placeholder");
      return false;
    } finally {
      await this.blobs.discard(copy);
    }
  }
}
