/**
 * Reading an uploaded G-code variant by its content: a ZIP archive is a plate package
 * (gcode-package.ts), anything else is G-code text, streamed through the protocol's analyzer in
 * 64 KB chunks — constant memory whatever the file's size, and the same command count as
 * `gcodeCommands(text).length` (the bridge's rule).
 */
import { type GcodeAnalysis, GcodeAnalyzer } from "@peerfab/protocol";
import { createReadStream } from "node:fs";
import { fileStartsWithZip } from "../mesh/mesh-file.ts";
import type { MeshLimits } from "@peerfab/protocol/formats/mesh";
import { readGcodePackage } from "./gcode-package.ts";

/** The plate's G-code of a package, written to the temp area and hashed (a staged blob). */
export interface ExtractedGcode {
  path: string;
  sha256: string;
  size: number;
  /** Its entry in the package, e.g. `Metadata/plate_1.gcode`. */
  entry: string;
}

export interface GcodeFileReading {
  analysis: GcodeAnalysis;
  /** A package's plate picture (PNG bytes); null for plain G-code. */
  plateImage: Uint8Array | null;
  /** A package's G-code, extracted; null for plain G-code (the file itself is the G-code). */
  extracted: ExtractedGcode | null;
}

/** `extractTo`: a free temp path for a package's G-code (left untouched for plain G-code). */
export async function readGcodeFile(path: string, extractTo: string, limits: MeshLimits, fileName: string): Promise<GcodeFileReading> {
  if (await fileStartsWithZip(path)) return readGcodePackage(path, extractTo, limits, fileName);
  const analyzer = new GcodeAnalyzer();
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) analyzer.push(chunk as Buffer);
  return { analysis: analyzer.finish(), plateImage: null, extracted: null };
}
