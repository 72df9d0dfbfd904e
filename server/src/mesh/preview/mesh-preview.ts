/**
 * The compact preview of a big mesh for the browser: at or above `minTriangles`, the mesh is
 * reduced by vertex clustering to at most `targetTriangles` and written as a meshopt-compressed
 * GLB. The original file is never changed; the preview is stored beside it.
 */
import type { TriangleMesh } from "@peerfab/protocol/formats/mesh";
import { type Box, clusterDecimate, clusterDecimateBatches, type IndexedTriangles, type TriangleBatches } from "./cluster-decimation.ts";

export interface PreviewOptions {
  /** Meshes with fewer triangles get no preview (the browser loads the original). */
  minTriangles: number;
  /** Most triangles in a preview (and never more than a quarter of the original's). */
  targetTriangles: number;
}

export const DEFAULT_PREVIEW_OPTIONS: PreviewOptions = { minTriangles: 500_000, targetTriangles: 100_000 };

export interface MeshPreview {
  /** GLB with EXT_meshopt_compression and KHR_mesh_quantization (preview-glb.ts). */
  format: "glb";
  triangles: number;
  bytes: Uint8Array;
}

export async function buildPreview(mesh: TriangleMesh, options: PreviewOptions): Promise<MeshPreview | null> {
  return encodePreview(mesh.triangles, options, (target) => clusterDecimate(mesh.positions, mesh.triangles, target));
}

/** The same preview from triangles streamed in batches, given their bounding box and surface area (from the analysis). */
export async function buildPreviewInBatches(batches: TriangleBatches, triangles: number, box: Box, area: number, options: PreviewOptions): Promise<MeshPreview | null> {
  return encodePreview(triangles, options, (target) => clusterDecimateBatches(batches, box, area, target));
}

async function encodePreview(triangles: number, options: PreviewOptions, decimate: (target: number) => IndexedTriangles): Promise<MeshPreview | null> {
  if (triangles < options.minTriangles) return null;
  // Worth a second download only when it is much smaller: at most a quarter of the original.
  const target = Math.min(options.targetTriangles, Math.floor(triangles / 4));
  const reduced = decimate(target);
  if (reduced.indices.length === 0) return null;
  // glTF-Transform and the meshopt encoder load only when a big mesh arrives, not at every worker start.
  const { encodePreviewGlb } = await import("./preview-glb.ts");
  return { format: "glb", triangles: reduced.indices.length / 3, bytes: await encodePreviewGlb(reduced) };
}
