/**
 * Content-addressed file storage: `blobs/ab/cd/<sha256>` under the data directory, with uploads
 * staged in `tmp/` while they are hashed. The one module that touches blob files, so a deployment
 * on several machines can swap in an object store behind the same interface.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** A file written to the temp area, hashed, not yet committed. */
export interface StagedBlob {
  path: string;
  sha256: string;
  size: number;
}

export interface BlobStore {
  /** Streams `source` into a temp file while hashing it. On failure nothing is left behind. */
  stage(source: Readable): Promise<StagedBlob>;
  /** Moves a staged file into place. `created` is false when the content was already stored. */
  commit(staged: StagedBlob): Promise<{ created: boolean }>;
  /** Deletes a staged file, or a file written at a `tempPath()` (harmless when it is gone). */
  discard(staged: Pick<StagedBlob, "path">): Promise<void>;
  /** A fresh path in the temp area for a worker to write a file into; the caller discards it (or commits it once hashed). */
  tempPath(): string;
  /** Deletes a committed blob; only for undoing a commit whose database write failed. */
  remove(sha256: string): Promise<void>;
  open(sha256: string): ReadStream;
  /**
   * Where a worker thread on this machine reads a committed blob by path (the 3MF export), so
   * the event loop never holds it. Read only: never write, move or delete it.
   */
  filePath(sha256: string): string;
  has(sha256: string): Promise<boolean>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export class FileBlobStore implements BlobStore {
  private readonly blobDir: string;
  private readonly tmpDir: string;

  private constructor(dataDir: string) {
    this.blobDir = join(dataDir, "blobs");
    this.tmpDir = join(dataDir, "tmp");
  }

  static async open(dataDir: string): Promise<FileBlobStore> {
    const store = new FileBlobStore(dataDir);
    await mkdir(store.blobDir, { recursive: true });
    // Leftovers of uploads interrupted by a crash are never committed: start with an empty tmp/.
    await rm(store.tmpDir, { recursive: true, force: true });
    await mkdir(store.tmpDir, { recursive: true });
    return store;
  }

  async stage(source: Readable): Promise<StagedBlob> {
    const path = this.tempPath();
    const hash = createHash("sha256");
    let size = 0;
    source.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(source, createWriteStream(path, { flags: "wx" }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { path, sha256: hash.digest("hex"), size };
  }

  async commit(staged: StagedBlob): Promise<{ created: boolean }> {
    const target = this.pathOf(staged.sha256);
    if (await this.has(staged.sha256)) {
      await this.discard(staged);
      return { created: false };
    }
    await mkdir(join(target, ".."), { recursive: true });
    await rename(staged.path, target);
    return { created: true };
  }

  async discard(staged: Pick<StagedBlob, "path">): Promise<void> {
    await rm(staged.path, { force: true });
  }

  tempPath(): string {
    return join(this.tmpDir, `upload-${randomBytes(12).toString("hex")}`);
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  filePath(sha256: string): string {
    return this.pathOf(sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256}`);
    return join(this.blobDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
