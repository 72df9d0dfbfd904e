/**
 * The work the analysis worker does, as a discriminated union with one handler each
 * (`runAnalysisTask`). Files are passed by path: the worker reads them itself, so large uploads
 * never cross the thread boundary.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { GcodeAnalyzer } from "@peerfab/protocol";
import { analyseMesh, type MeshAnalysis } from "./analysis.ts";
import { MeshError, type MeshErrorCode } from "./mesh-error.ts";
import { type MeshFile, parseMeshFile } from "./mesh-file.ts";
import type { MeshLimits } from "./triangle-mesh.ts";
import { build3mf, type ThreeMfMetadata } from "../downloads/three-mf-export.ts";
import { type EncodedThumbnail, encodeThumbnails, RENDER_EDGE } from "../thumbnails/image-encoder.ts";
import { renderThumbnail } from "../thumbnails/rasterizer.ts";

export type AnalysisTask =
  | { kind: "analyse-mesh"; path: string; fileName: string; limits: MeshLimits }
  | { kind: "count-gcode"; path: string }
  | { kind: "render-thumbnails"; path: string; fileName: string; limits: MeshLimits }
  | { kind: "export-3mf"; bytes: Uint8Array; fileName: string; limits: MeshLimits; metadata: ThreeMfMetadata; thumbnailPng: Uint8Array | null };

export interface AnalysisResults {
  /** STL or 3MF, decided by content. */
  "analyse-mesh": { kind: MeshFile["kind"]; analysis: MeshAnalysis };
  "count-gcode": { commands: number };
  /** Every size × format of `image-encoder.ts`. */
  "render-thumbnails": { thumbnails: EncodedThumbnail[] };
  /** A 3MF package (ZIP bytes). */
  "export-3mf": { bytes: Uint8Array };
}

export type AnalysisReply =
  | { ok: true; value: AnalysisResults[AnalysisTask["kind"]] }
  | { ok: false; meshError: { code: MeshErrorCode; message: string } | null; message: string };

export async function runAnalysisTask(task: AnalysisTask): Promise<AnalysisResults[AnalysisTask["kind"]]> {
  switch (task.kind) {
    case "analyse-mesh": {
      const bytes = await readFile(task.path);
      const file = parseMeshFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), task.limits, task.fileName);
      return { kind: file.kind, analysis: analyseMesh(file.mesh, file.parts) };
    }
    case "count-gcode":
      return { commands: await countGcodeFileCommands(task.path) };
    case "render-thumbnails": {
      const bytes = await readFile(task.path);
      const { mesh } = parseMeshFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), task.limits, task.fileName);
      const rgba = renderThumbnail(mesh.positions, mesh.triangles, { width: RENDER_EDGE, height: RENDER_EDGE });
      return { thumbnails: await encodeThumbnails(rgba, RENDER_EDGE, RENDER_EDGE) };
    }
    case "export-3mf": {
      const { mesh } = parseMeshFile(task.bytes, task.limits, task.fileName);
      return { bytes: build3mf(mesh, task.metadata, task.thumbnailPng) };
    }
  }
}

/**
 * Streams a G-code file through the protocol's analyzer in 64 KB chunks: constant memory
 * whatever the file's size, and the same count as `gcodeCommands(text).length` (the bridge's rule).
 */
async function countGcodeFileCommands(path: string): Promise<number> {
  const analyzer = new GcodeAnalyzer();
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) analyzer.push(chunk as Buffer);
  return analyzer.finish().commandCount;
}

export async function replyTo(task: AnalysisTask): Promise<AnalysisReply> {
  try {
    return { ok: true, value: await runAnalysisTask(task) };
  } catch (error) {
    if (error instanceof MeshError) {
      return { ok: false, meshError: { code: error.code, message: error.message }, message: error.message };
    }
    return { ok: false, meshError: null, message: error instanceof Error ? error.message : String(error) };
  }
}
