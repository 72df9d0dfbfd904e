/**
 * The work the analysis worker does, as a discriminated union with one handler each
 * (`runAnalysisTask`). Files are passed by path: the worker reads them itself (an STL streamed,
 * never held whole), so large uploads never cross the thread boundary. `ingest-mesh` opens a
 * mesh once for everything an upload needs — analysis, thumbnails, preview; a mesh over the
 * analysis memory budget stays on disk and is read several times (mesh-ingest.ts).
 */
import type { MeshAnalysis } from "./analysis.ts";
import { MeshError, type MeshErrorCode, type MeshLimits } from "@peerfab/protocol/formats/mesh";
import type { MeshFile } from "./mesh-file.ts";
import { type AnalysisContext, analyseOpenedMesh, buildMeshPreview, renderMeshThumbnails, withMeshFile } from "./mesh-ingest.ts";
import type { MeshPreview, PreviewOptions } from "./preview/mesh-preview.ts";
import { DEFAULT_ANALYSIS_MEMORY_BYTES } from "./streamed/memory-plan.ts";
import { type Design3mfFile, type Design3mfRequest, writeDesign3mf } from "../downloads/design-3mf-file.ts";
import { type ExtractedGcode, readGcodeFile } from "../gcode/gcode-file.ts";
import { type GcodeSummary, summariseGcode } from "../gcode/gcode-summary.ts";
import { embeddedThumbnails } from "../thumbnails/embedded-thumbnail.ts";
import type { EncodedThumbnail } from "../thumbnails/image-encoder.ts";

export type { AnalysisContext };
export const DEFAULT_ANALYSIS_CONTEXT: AnalysisContext = { memoryBudgetBytes: DEFAULT_ANALYSIS_MEMORY_BYTES };

export type AnalysisTask =
  | { kind: "analyse-mesh"; path: string; fileName: string; limits: MeshLimits }
  | { kind: "ingest-mesh"; path: string; fileName: string; limits: MeshLimits; preview: PreviewOptions }
  | { kind: "analyse-gcode"; path: string; fileName: string; extractTo: string; limits: MeshLimits }
  | { kind: "render-thumbnails"; path: string; fileName: string; limits: MeshLimits }
  | ({ kind: "export-3mf" } & Design3mfRequest);

export interface AnalysisResults {
  /** STL or 3MF, decided by content. */
  "analyse-mesh": { kind: MeshFile["kind"]; analysis: MeshAnalysis };
  /** The analysis decides acceptance; thumbnails ([] when rendering failed) and preview (null below the threshold or on failure) are extras. */
  "ingest-mesh": { kind: MeshFile["kind"]; analysis: MeshAnalysis; thumbnails: EncodedThumbnail[]; preview: MeshPreview | null };
  /** A G-code file or .gcode.3mf plate package: summary, embedded thumbnail ([] when none decodes), a package's extracted G-code. */
  "analyse-gcode": { summary: GcodeSummary; thumbnails: EncodedThumbnail[]; extracted: ExtractedGcode | null };
  /** Every size × format of `image-encoder.ts`. */
  "render-thumbnails": { thumbnails: EncodedThumbnail[] };
  /** The design as a 3MF package, written to `outputPath`. */
  "export-3mf": Design3mfFile;
}

export type AnalysisReply =
  | { ok: true; value: AnalysisResults[AnalysisTask["kind"]] }
  | { ok: false; meshError: { code: MeshErrorCode; message: string } | null; message: string };

export async function runAnalysisTask(task: AnalysisTask, context = DEFAULT_ANALYSIS_CONTEXT): Promise<AnalysisResults[AnalysisTask["kind"]]> {
  switch (task.kind) {
    case "analyse-mesh":
      return withMeshFile(task.path, task.limits, task.fileName, context, async (mesh) => ({ kind: mesh.kind, analysis: await analyseOpenedMesh(mesh) }));
    case "ingest-mesh":
      return withMeshFile(task.path, task.limits, task.fileName, context, async (mesh) => {
        const analysis = await analyseOpenedMesh(mesh);
        const thumbnails = await renderMeshThumbnails(mesh).catch(() => []);
        const preview = await buildMeshPreview(mesh, analysis, task.preview).catch(() => null);
        return { kind: mesh.kind, analysis, thumbnails, preview };
      });
    case "analyse-gcode": {
      const reading = await readGcodeFile(task.path, task.extractTo, task.limits, task.fileName);
      const thumbnails = await embeddedThumbnails(reading.plateImage, reading.analysis.thumbnails);
      return { summary: summariseGcode(reading.analysis), thumbnails, extracted: reading.extracted };
    }
    case "render-thumbnails":
      return withMeshFile(task.path, task.limits, task.fileName, context, async (mesh) => ({ thumbnails: await renderMeshThumbnails(mesh) }));
    case "export-3mf":
      return writeDesign3mf(task);
  }
}

export async function replyTo(task: AnalysisTask, context = DEFAULT_ANALYSIS_CONTEXT): Promise<AnalysisReply> {
  try {
    return { ok: true, value: await runAnalysisTask(task, context) };
  } catch (error) {
    if (error instanceof MeshError) {
      return { ok: false, meshError: { code: error.code, message: error.message }, message: error.message };
    }
    return { ok: false, meshError: null, message: error instanceof Error ? error.message : String(error) };
  }
}
