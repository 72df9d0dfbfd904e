/**
 * Plate packages (`.gcode.3mf`, as Bambu Studio and OrcaSlicer export a sliced plate): a ZIP
 * with the plate's G-code at `Metadata/plate_<n>.gcode` and its picture at
 * `Metadata/plate_<n>.png`, beside the usual 3MF parts. The archive is read from disk a chunk at
 * a time through the same checked unzipper as 3MF (zip-parts.ts: entry names, total size and
 * compression ratio limited while inflating); the G-code streams through the protocol's
 * analyzer and, hashed, into `extractTo`, so the bridge can later be served plain G-code.
 * The first `Metadata/*.gcode` entry is the plate read; other entries are skipped unread.
 */
import { GcodeAnalyzer } from "@peerfab/protocol";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { MeshError, type MeshLimits } from "@peerfab/protocol/formats/mesh";
import { ZipPartReader } from "@peerfab/protocol/formats/3mf";
import type { GcodeFileReading } from "./gcode-file.ts";

const GCODE_ENTRY = /^Metadata\/([^/]+)\.gcode$/i;
const PLATE_IMAGE = /^Metadata\/(plate_\d+)\.png$/i;
/** A plate picture larger than this is skipped (Bambu writes a few hundred KB). */
const MAX_PLATE_IMAGE_BYTES = 8 * 1024 * 1024;

export async function readGcodePackage(path: string, extractTo: string, limits: MeshLimits, fileName: string): Promise<GcodeFileReading> {
  const analyzer = new GcodeAnalyzer();
  const hash = createHash("sha256");
  let gcodeEntry: string | null = null;
  let extractedBytes = 0;
  let pending: Uint8Array[] = [];
  const images = new Map<string, { chunks: Uint8Array[]; bytes: number }>();

  const reader = new ZipPartReader((name) => {
    if (gcodeEntry === null && GCODE_ENTRY.test(name)) {
      gcodeEntry = name;
      return {
        write(chunk) {
          analyzer.push(chunk);
          hash.update(chunk);
          extractedBytes += chunk.length;
          pending.push(chunk);
        },
        end() {},
      };
    }
    const plate = PLATE_IMAGE.exec(name);
    if (!plate) return null;
    const image = { chunks: [] as Uint8Array[], bytes: 0 };
    images.set((plate[1] ?? "").toLowerCase(), image);
    return {
      write(chunk) {
        image.bytes += chunk.length;
        if (image.bytes <= MAX_PLATE_IMAGE_BYTES) image.chunks.push(chunk);
        else image.chunks.length = 0;
      },
      end() {},
    };
  }, limits);

  const output = await open(extractTo, "wx");
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      reader.push(chunk as Buffer, false);
      // Written between reads: one read's inflated output is all that is ever held.
      for (const piece of pending) await output.write(piece);
      pending = [];
    }
    reader.push(new Uint8Array(0), true);
    for (const piece of pending) await output.write(piece);
    pending = [];
    reader.finish();
    await output.close();
  } catch (error) {
    await output.close().catch(() => undefined);
    await rm(extractTo, { force: true });
    throw error;
  }

  const entry = gcodeEntry as string | null;
  if (entry === null) {
    await rm(extractTo, { force: true });
    throw new MeshError(
      "no-gcode-in-package",
      `'${fileName}' is a ZIP archive without a Metadata/*.gcode entry, so it is not a sliced plate package (.gcode.3mf). Attach the exported .gcode file, or export the plate again with "Export plate sliced file".`,
    );
  }
  const plateName = (GCODE_ENTRY.exec(entry)?.[1] ?? "").toLowerCase();
  const image = images.get(plateName) ?? [...images.values()][0];
  return {
    analysis: analyzer.finish(),
    plateImage: image && image.chunks.length > 0 ? Buffer.concat(image.chunks) : null,
    extracted: { path: extractTo, sha256: hash.digest("hex"), size: extractedBytes, entry },
  };
}
