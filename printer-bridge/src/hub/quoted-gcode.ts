/**
 * G-code the bridge sliced to quote a job, kept on disk so that the job, once its maker accepts
 * the quote and the hub dispatches it with `slice`, prints exactly what was quoted without
 * slicing again. Keyed by job, printer, model sha256, material and quality: a changed model or
 * another material slices afresh. Bounded (the oldest entries go first); gone when the bridge
 * stops — a restarted bridge simply slices the job again.
 */
import { copyFile, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What the G-code was sliced from and for. */
export interface QuotedSlice {
  jobId: string;
  printerLocalId: string;
  modelSha256: string;
  material: string;
  quality: string;
}

export interface QuotedGcodeOptions {
  /** Parent of the store's folder. Default: the OS temp dir. */
  workDir?: string;
  /** How many sliced files are kept. Default 16. */
  maxEntries?: number;
}

function keyOf(slice: QuotedSlice): string {
  return [slice.jobId, slice.printerLocalId, slice.modelSha256, slice.material.trim().toUpperCase(), slice.quality].join("\n");
}

export class QuotedGcode {
  private dir: Promise<string> | null = null;
  /** Key → file, oldest first (a Map keeps insertion order). */
  private readonly files = new Map<string, string>();
  private counter = 0;

  constructor(private readonly options: QuotedGcodeOptions = {}) {}

  /** Moves the sliced file at `gcodePath` into the store under `slice`. */
  async keep(slice: QuotedSlice, gcodePath: string): Promise<void> {
    const key = keyOf(slice);
    const target = join(await this.folder(), `quoted-${++this.counter}.gcode`);
    await rename(gcodePath, target).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "EXDEV") throw error;
      await copyFile(gcodePath, target);
      await rm(gcodePath, { force: true });
    });
    const previous = this.files.get(key);
    this.files.delete(key);
    this.files.set(key, target);
    if (previous) await rm(previous, { force: true });
    const max = this.options.maxEntries ?? 16;
    for (const [oldKey, oldFile] of this.files) {
      if (this.files.size <= max) break;
      this.files.delete(oldKey);
      await rm(oldFile, { force: true });
    }
  }

  /** The G-code sliced for exactly this job, model, material and quality; null if none is kept. */
  async read(slice: QuotedSlice): Promise<string | null> {
    const file = this.files.get(keyOf(slice));
    if (!file) return null;
    try {
      return await readFile(file, "utf8");
    } catch {
      this.files.delete(keyOf(slice));
      return null;
    }
  }

  /** Drops the entry (the job has started printing from it). */
  async forget(slice: QuotedSlice): Promise<void> {
    const key = keyOf(slice);
    const file = this.files.get(key);
    this.files.delete(key);
    if (file) await rm(file, { force: true });
  }

  async close(): Promise<void> {
    this.files.clear();
    const dir = this.dir;
    this.dir = null;
    if (dir) await rm(await dir, { recursive: true, force: true });
  }

  private folder(): Promise<string> {
    this.dir ??= mkdtemp(join(this.options.workDir ?? tmpdir(), "peerfab-quoted-"));
    return this.dir;
  }
}
