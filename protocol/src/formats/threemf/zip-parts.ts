/**
 * Reading the parts of a 3MF package (a ZIP archive) with fflate's streaming `Unzip`: the
 * archive is fed in small chunks, so every chosen entry is inflated a little at a time and the
 * limits are checked WHILE inflating — a zip bomb is stopped after at most one chunk's output,
 * never after allocating its full size.
 *
 * - Every entry name is checked, chosen or not: names that escape the archive (`..` segments,
 *   absolute paths, drive letters, backslashes) refuse the whole file.
 * - Limits: total inflated bytes of the chosen entries, and per entry the ratio of inflated to
 *   compressed bytes (enforced once the entry passes 1 MB, so tiny XML parts may compress well).
 * - Entries not chosen (thumbnails, slicer settings) are skipped without being inflated.
 */
import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { MeshError } from "../mesh-error.ts";
import type { MeshLimits } from "../triangle-mesh.ts";

/** Receives one entry's inflated bytes. */
export interface PartSink {
  write(chunk: Uint8Array): void;
  end(): void;
}

/** Compressed bytes handed to the unzipper at a time: bounds one step's output to ~16 MB. */
const FEED_BYTES = 16 * 1024;
const RATIO_GRACE_BYTES = 1024 * 1024;

/** Streams every entry `choose` returns a sink for; returns the names of all entries. */
export function readZipParts(bytes: Uint8Array, choose: (name: string) => PartSink | null, limits: MeshLimits): string[] {
  const reader = new ZipPartReader(choose, limits);
  reader.push(bytes, true);
  return reader.finish();
}

/**
 * The same, for an archive that arrives in pieces (read from disk a chunk at a time): `push`
 * each piece, the last with `final`, then `finish`. Sinks are written to synchronously during
 * `push`, so one push's output is bounded as above.
 */
export class ZipPartReader {
  /** Names of every entry seen so far. */
  readonly names: string[] = [];
  private readonly unfinished = new Set<string>();
  private readonly unzip: Unzip;
  private totalOut = 0;
  private fed = 0;

  constructor(choose: (name: string) => PartSink | null, limits: MeshLimits) {
    const names = this.names;
    this.unzip = new Unzip((file: UnzipFile) => {
      refuseEscapingName(file.name);
      if (names.includes(file.name)) {
        throw new MeshError("corrupt-zip", `3MF rejected: the archive holds '${file.name}' twice. Export the file again from your slicer or CAD program.`);
      }
      names.push(file.name);
      const sink = choose(file.name);
      if (!sink) return;
      if (file.compression !== 0 && file.compression !== 8) {
        throw new MeshError(
          "corrupt-zip",
          `3MF rejected: entry '${file.name}' uses ZIP compression method ${file.compression}; 3MF allows only stored or deflate. Export the file again.`,
        );
      }
      this.unfinished.add(file.name);
      const startedAt = this.fed;
      let out = 0;
      file.ondata = (error, chunk, final) => {
        // fflate hands errors thrown by this handler (our limits, the XML reader's) back to it.
        if (error) throw (error as unknown) instanceof MeshError ? error : corrupt(`entry '${file.name}' cannot be inflated (${error.message})`);
        out += chunk.length;
        this.totalOut += chunk.length;
        if (this.totalOut > limits.maxUncompressedBytes) {
          throw new MeshError(
            "zip-too-large",
            `3MF rejected: its parts inflate to more than ${formatBytes(limits.maxUncompressedBytes)} (the hub's limit), which is what a zip bomb does. If the model is genuine, simplify it or ask the hub's operator to raise the limit.`,
          );
        }
        // Compressed bytes this entry can have used so far: at most its declared size and what was fed since its header.
        const compressed = Math.max(1, Math.min(file.size || Infinity, this.fed - startedAt));
        if (out > RATIO_GRACE_BYTES && out / compressed > limits.maxCompressionRatio) {
          throw new MeshError(
            "zip-too-large",
            `3MF rejected: entry '${file.name}' inflates more than ${limits.maxCompressionRatio} times its compressed size, which is what a zip bomb does. Export the file again from your slicer or CAD program.`,
          );
        }
        if (chunk.length > 0) sink.write(chunk);
        if (final) {
          this.unfinished.delete(file.name);
          sink.end();
        }
      };
      file.start();
    });
    this.unzip.register(UnzipInflate);
  }

  push(bytes: Uint8Array, final: boolean): void {
    try {
      for (let at = 0; at < bytes.length || (final && at === 0); ) {
        const end = Math.min(at + FEED_BYTES, bytes.length);
        const chunk = bytes.subarray(at, end);
        this.fed += end - at;
        at = end;
        this.unzip.push(chunk, final && end === bytes.length);
        if (end === bytes.length) break;
      }
    } catch (error) {
      if (error instanceof MeshError) throw error;
      throw corrupt(`the archive cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** Checks the archive was whole; returns the names of all entries. */
  finish(): string[] {
    if (this.names.length === 0) throw corrupt("the archive holds no entries");
    const cut = [...this.unfinished][0];
    if (cut !== undefined) throw corrupt(`entry '${cut}' is cut off (the file is truncated)`);
    return this.names;
  }
}

function corrupt(what: string): MeshError {
  return new MeshError("corrupt-zip", `3MF rejected: ${what}. The upload may be damaged: export or download the file again.`);
}

/** Refuses names that would land outside the archive's folder if extracted. */
export function refuseEscapingName(name: string): void {
  const reason = name.includes("\\")
    ? "contains a backslash"
    : name.startsWith("/")
      ? "is an absolute path"
      : /^[a-zA-Z]:/.test(name)
        ? "starts with a drive letter"
        : name.includes("\0")
          ? "contains a NUL byte"
          : name.split("/").some((segment) => segment === "..")
            ? "escapes the archive with '..'"
            : null;
  if (reason) {
    throw new MeshError(
      "unsafe-zip-entry",
      `3MF rejected: entry '${name.slice(0, 120)}' ${reason}. A genuine 3MF never does this; the file may be malicious — do not open it elsewhere either.`,
    );
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
