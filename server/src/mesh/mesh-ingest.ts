/**
 * What the analysis worker does with an uploaded mesh file, within the analysis memory budget:
 * open it (mesh-file.ts decides whether its triangles are held or stay on disk), measure it —
 * in memory (analysis.ts) or out of core (streamed/) — and draw its thumbnail and compact
 * preview from the same source, batch by batch when it stays on disk. Spill files live in a
 * private folder beside the uploaded file (the hub's temp area) and are gone when the work ends.
 */
import type { MeshLimits } from "@peerfab/protocol/formats/mesh";
import { dirname } from "node:path";
import { analyseMesh, type MeshAnalysis } from "./analysis.ts";
import { type OpenedMesh, openMeshFile } from "./mesh-file.ts";
import { buildPreview, buildPreviewInBatches, type MeshPreview, type PreviewOptions } from "./preview/mesh-preview.ts";
import { analyseStreamed } from "./streamed/streamed-analysis.ts";
import { releaseNow } from "./streamed/release-memory.ts";
import { withTempArea } from "./streamed/temp-area.ts";
import type { TriangleSource } from "./streamed/triangle-source.ts";
import { type EncodedThumbnail, encodeThumbnails, RENDER_EDGE, THUMBNAIL_SIZES } from "../thumbnails/image-encoder.ts";
import { drawThumbnail } from "../thumbnails/rasterizer.ts";

/** Settings of the worker that runs the tasks. */
export interface AnalysisContext {
  /** Most bytes one mesh analysis should add to the hub (PEERFAB_ANALYSIS_MEMORY_MB). */
  memoryBudgetBytes: number;
}

/** Opens the mesh file at `path` for `work`; afterwards removes every spill file and frees the streamed analysis's memory. */
export function withMeshFile<T>(path: string, limits: MeshLimits, fileName: string, context: AnalysisContext, work: (mesh: OpenedMesh) => Promise<T>): Promise<T> {
  return withTempArea(dirname(path), async (area) => {
    const mesh = await openMeshFile(path, limits, fileName, context.memoryBudgetBytes, area);
    try {
      return await work(mesh);
    } finally {
      if (!mesh.analyseInMemory) await mesh.streamed.release();
    }
  });
}

/** The analysis; a streamed one's memory is freed before this resolves, so what comes next does not add to it. */
export async function analyseOpenedMesh(mesh: OpenedMesh): Promise<MeshAnalysis> {
  if (mesh.analyseInMemory) return analyseMesh(mesh.mesh, mesh.parts);
  try {
    return analyseStreamed(mesh.source, mesh.parts, mesh.streamed);
  } finally {
    await mesh.streamed.release();
  }
}

/**
 * Every size × format of image-encoder.ts. The canvas (13 MB at 1280²) is freed as soon as it
 * is no longer needed (release-memory.ts): its depth buffer before encoding, its pixels after. A
 * mesh too costly to draw at the supersampled size (rasterizer.ts's fill budget) is drawn at the
 * large thumbnail's size instead, so neither size is ever upscaled.
 */
export async function renderMeshThumbnails(mesh: OpenedMesh): Promise<EncodedThumbnail[]> {
  const large = THUMBNAIL_SIZES.large;
  const canvas = drawThumbnail(batchesOf(mesh.source), { width: RENDER_EDGE, height: RENDER_EDGE }, { smallest: { width: large, height: large } });
  try {
    await releaseNow(canvas.depth.buffer as ArrayBuffer);
    return await encodeThumbnails(canvas.rgba, canvas.size.width, canvas.size.height);
  } finally {
    await releaseNow(canvas.rgba.buffer as ArrayBuffer);
  }
}

/** The compact preview (null below the threshold); `analysis` gives a streamed mesh's box and area. */
export function buildMeshPreview(mesh: OpenedMesh, analysis: MeshAnalysis, options: PreviewOptions): Promise<MeshPreview | null> {
  if (mesh.analyseInMemory) return buildPreview(mesh.mesh, options);
  if (mesh.mesh) return buildPreview(mesh.mesh, options);
  const { min, max } = analysis.bbox;
  const box = { minX: min.x, minY: min.y, minZ: min.z, maxX: max.x, maxY: max.y, maxZ: max.z };
  return buildPreviewInBatches(batchesOf(mesh.source), mesh.source.triangles, box, analysis.areaMm2, options);
}

function batchesOf(source: TriangleSource) {
  return (visit: (positions: Float32Array, triangles: number) => void) => source.forEach(0, source.triangles, (positions, n) => visit(positions, n));
}
