/**
 * A zip of a design's files, streamed: each file's bytes are read from the blob store and written
 * out as they arrive (entries stored, not deflated, so no CPU work lands on the event loop and
 * memory stays at one chunk per file). README.txt comes first.
 */
import { strToU8, Zip, ZipPassThrough } from "fflate";
import type { Readable } from "node:stream";
import { PassThrough } from "node:stream";

export interface ZipSource {
  /** Path inside the archive. */
  name: string;
  open(): Readable;
}

/** Streams a zip with `readme` as README.txt followed by every source. */
export function zipStream(readme: string, sources: readonly ZipSource[]): Readable {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error);
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  void (async () => {
    const notes = new ZipPassThrough("README.txt");
    zip.add(notes);
    notes.push(strToU8(readme), true);
    for (const source of uniqueNames(sources)) {
      const entry = new ZipPassThrough(source.name);
      zip.add(entry);
      for await (const chunk of source.open()) {
        entry.push(chunk as Uint8Array);
        if (out.writableNeedDrain) await new Promise((resolve) => out.once("drain", resolve));
      }
      entry.push(new Uint8Array(0), true);
    }
    zip.end();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** Archive names must be unique: a second "part.stl" becomes "part (2).stl". */
function uniqueNames(sources: readonly ZipSource[]): ZipSource[] {
  const seen = new Set<string>(["readme.txt"]);
  return sources.map((source) => {
    const safe = source.name.replace(/[\\/:]+/g, "_") || "file";
    let name = safe;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = safe.replace(/(\.[^.]*)?$/, ` (${n})$1`);
    seen.add(name.toLowerCase());
    return { name, open: source.open };
  });
}
