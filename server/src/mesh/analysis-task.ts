/**
 * The work the analysis worker does, as a discriminated union with one handler each
 * (`runAnalysisTask`). Files are passed by path: the worker reads them itself (an STL streamed,
 * never held whole), so large uploads never cross the thread boundary. `ingest-mesh` reads a
 * mesh once for everything an upload needs — analysis, thumbnails, preview — so a big mesh is in
 * memory once, not once per task.
 */
import { analyseMesh, type MeshAnalysis } from "./analysis.ts";
import { MeshError, type MeshErrorCode } from "./mesh-error.ts";
import { type MeshFile, parseMeshFile, readMeshFile } from "./mesh-file.ts";
import { buildPreview, type MeshPreview, type PreviewOptions } from "./preview/mesh-preview.ts";
import type { MeshLimits, TriangleMesh } from "./triangle-mesh.ts";
import { build3mf, type ThreeMfMetadata } from "../downloads/three-mf-export.ts";
import { type ExtractedGcode, readGcodeFile } from "../gcode/gcode-file.ts";
import { type GcodeSummary, summariseGcode } from "../gcode/gcode-summary.ts";
import { embeddedThumbnails } from "../thumbnails/embedded-thumbnail.ts";
import { type EncodedThumbnail, encodeThumbnails, RENDER_EDGE } from "../thumbnails/image-encoder.ts";
import { renderThumbnail } from "../thumbnails/rasterizer.ts";

export type AnalysisTask =
  | { kind: "analyse-mesh"; path: string; fileName: string; limits: MeshLimits }
  | { kind: "ingest-mesh"; path: string; fileName: string; limits: MeshLimits; preview: PreviewOptions }
  | { kind: "analyse-gcode"; path: string; fileName: string; extractTo: string; limits: MeshLimits }
  | { kind: "render-thumbnails"; path: string; fileName: string; limits: MeshLimits }
  | { kind: "export-3mf"; bytes: Uint8Array; fileName: string; limits: MeshLimits; metadata: ThreeMfMetadata; thumbnailPng: Uint8Array | null };

export interface AnalysisResults {
  /** STL or 3MF, decided by content. */
  "analyse-mesh": { kind: MeshFile["kind"]; analysis: MeshAnalysis };
  /** The analysis decides acceptance; thumbnails ([] when rendering failed) and preview (null below the threshold or on failure) are extras. */
  "ingest-mesh": { kind: MeshFile["kind"]; analysis: MeshAnalysis; thumbnails: EncodedThumbnail[]; preview: MeshPreview | null };
  /** A G-code file or .gcode.3mf plate package: summary, embedded thumbnail ([] when none decodes), a package's extracted G-code. */
  "analyse-gcode": { summary: GcodeSummary; thumbnails: EncodedThumbnail[]; extracted: ExtractedGcode | null };
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
      const file = await readMeshFile(task.path, task.limits, task.fileName);
      return { kind: file.kind, analysis: analyseMesh(file.mesh, file.parts) };
    }
    case "ingest-mesh": {
      const file = await readMeshFile(task.path, task.limits, task.fileName);
      const analysis = analyseMesh(file.mesh, file.parts);
      const thumbnails = await renderThumbnails(file.mesh).catch(() => []);
      const preview = await buildPreview(file.mesh, task.preview).catch(() => null);
      return { kind: file.kind, analysis, thumbnails, preview };
    }
    case "analyse-gcode": {
      const reading = await readGcodeFile(task.path, task.extractTo, task.limits, task.fileName);
      const thumbnails = await embeddedThumbnails(reading.plateImage, reading.analysis.thumbnails);
      return { summary: summariseGcode(reading.analysis), thumbnails, extracted: reading.extracted };
    }
    case "render-thumbnails": {
      const { mesh } = await readMeshFile(task.path, task.limits, task.fileName);
      return { thumbnails: await renderThumbnails(mesh) };
    }
    case "export-3mf": {
      const { mesh } = parseMeshFile(task.bytes, task.limits, task.fileName);
      return { bytes: build3mf(mesh, task.metadata, task.thumbnailPng) };
    }
  }
}

async function renderThumbnails(mesh: TriangleMesh): Promise<EncodedThumbnail[]> {
  const rgba = renderThumbnail(mesh.positions, mesh.triangles, { width: RENDER_EDGE, height: RENDER_EDGE });
  return encodeThumbnails(rgba, RENDER_EDGE, RENDER_EDGE);
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
