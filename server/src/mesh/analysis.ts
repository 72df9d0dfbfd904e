/**
 * What the hub learns from a mesh, for the whole file and (3MF) for each build item.
 *
 * Measures, all in millimetres:
 * - `triangles`, `vertices` (after welding equal corners, see vertex-weld.ts), axis-aligned
 *   `bbox` and its `size`, `areaMm2` (sum of triangle areas).
 * - `volumeMm3`: |Σ signed volume of the tetrahedra (origin, a, b, c)| over all triangles as
 *   wound in the file. Exact for a closed, consistently oriented mesh; a hint otherwise.
 * - `shells`: connected components over shared (welded) vertices.
 * - Edge census (edge-topology.ts): `openEdges` (used by one triangle), `nonManifoldEdges`
 *   (three or more), `misorientedEdges` (two triangles running it in the same direction),
 *   `degenerateTriangles` (two corners on one vertex; left out of the edge census).
 * - `watertight`: every edge is shared by exactly two triangles (no open, no non-manifold edge).
 * - `manifold`: watertight and consistently oriented — every directed edge appears once.
 * - `invertedTriangles`, defined precisely: triangles are grouped into orientation patches
 *   (joined through edges used by exactly two triangles). Within a patch every triangle's winding
 *   is compared with the patch's first triangle; the less common winding counts as inverted (ties
 *   count the second group). Then a patch with no open or non-manifold edge whose signed volume
 *   (minority flipped) is negative is inside out, and its majority counts as inverted too — unless
 *   its bounding box lies within the bounding box of a closed patch with positive volume, which
 *   makes it a cavity (a hollow), correctly wound inwards.
 *
 * Meshes too big for the hub's analysis memory budget are measured by streamed/ instead, out of
 * core, with results equal to these in every field (the shared pieces: surface-totals.ts,
 * edge-topology.ts's row scan, disjoint-sets.ts, orientation-patches.ts, `assembleMeasures`).
 */
import type { MeshMeasures } from "@peerfab/protocol";
import type { MeshPart, TriangleMesh } from "@peerfab/protocol/formats/mesh";
import type { BitSet } from "./bit-set.ts";
import { ParityDisjointSets } from "./disjoint-sets.ts";
import { type EdgeCensus, takeEdgeCensus } from "./edge-topology.ts";
import { cavityInverted, type InsideOutPatch, isOnePatch, oneCleanPatchInverted, PatchBoxes, PatchTally } from "./orientation-patches.ts";
import { accumulateSurface, boundingBox, emptySurfaceTotals, type SurfaceTotals, triangleVolume } from "./surface-totals.ts";
import { weldVertices } from "./vertex-weld.ts";

export type { MeshMeasures, MeshPart };

export interface MeshAnalysis extends MeshMeasures {
  /** 3MF: one entry per build item; STL: null. */
  objects: (MeshMeasures & { name: string; objectId: string })[] | null;
}

export function analyseMesh(mesh: TriangleMesh, parts: readonly MeshPart[] | null = null): MeshAnalysis {
  return analyseParts((first, count) => measureTriangles(mesh.positions, first, count), mesh.triangles, parts);
}

/** The whole build measured once, and each part (a single part is the whole build). */
export function analyseParts(measure: (first: number, count: number) => MeshMeasures, triangles: number, parts: readonly MeshPart[] | null): MeshAnalysis {
  const whole = measure(0, triangles);
  const objects =
    parts === null
      ? null
      : parts.map((part) => ({
          name: part.name,
          objectId: part.objectId,
          ...(parts.length === 1 ? whole : measure(part.firstTriangle, part.triangles)),
        }));
  return { ...whole, objects };
}

/** Measures triangles `first … first + count - 1` of a position array. */
export function measureTriangles(positions: Float32Array, first: number, count: number): MeshMeasures {
  const p = positions.subarray(first * 9, (first + count) * 9);
  const totals = emptySurfaceTotals();
  accumulateSurface(p, count, totals);

  const { indices, vertexCount } = weldVertices(positions, first, count);
  const patches = new ParityDisjointSets(count);
  const { census, touchesOpenEdge, degenerate } = takeEdgeCensus(indices, count, vertexCount, patches);
  // The usual upload is one body whose triangles all join through their edges (orientation-patches.ts).
  const onePatch = isOnePatch(census, patches);
  const shells = onePatch ? 1 : countShells(indices, count, vertexCount);
  const invertedTriangles = onePatch && census.misorientedEdges === 0 ? oneCleanPatchInverted(count, totals, census) : countInverted(p, count, patches, touchesOpenEdge, degenerate);
  return assembleMeasures(count, vertexCount, totals, shells, census, invertedTriangles);
}

/** The measures in their published shape, from what either analysis found. */
export function assembleMeasures(triangles: number, vertices: number, totals: SurfaceTotals, shells: number, census: EdgeCensus, invertedTriangles: number): MeshMeasures {
  const { bbox, size } = boundingBox(totals);
  const watertight = census.openEdges === 0 && census.nonManifoldEdges === 0;
  return {
    triangles,
    vertices,
    bbox,
    size,
    volumeMm3: Math.abs(totals.volume),
    areaMm2: totals.area,
    shells,
    watertight,
    manifold: watertight && census.misorientedEdges === 0,
    openEdges: census.openEdges,
    nonManifoldEdges: census.nonManifoldEdges,
    misorientedEdges: census.misorientedEdges,
    invertedTriangles,
    degenerateTriangles: census.degenerateTriangles,
  };
}

function countShells(indices: Uint32Array, triangles: number, vertexCount: number): number {
  const sets = new ParityDisjointSets(vertexCount);
  for (let o = 0; o < triangles * 3; o += 3) sets.unionThree(indices[o] as number, indices[o + 1] as number, indices[o + 2] as number);
  return sets.countSets();
}

/**
 * Patches are tallied by their root triangle (the patch's first triangle). Triangle volumes are
 * computed again rather than kept (8 bytes a triangle less to write and read back).
 */
function countInverted(p: Float32Array, count: number, patches: ParityDisjointSets, touchesOpenEdge: BitSet, degenerate: BitSet): number {
  const tally = new PatchTally(count);
  for (let t = 0; t < count; t++) {
    if (degenerate.has(t)) continue;
    const root = patches.find(t);
    tally.add(root, patches.lastParity, triangleVolume(p, t), touchesOpenEdge.has(t));
  }
  const insideOut: InsideOutPatch[] = [];
  const closedPositive: number[] = [];
  let inverted = tally.classify(0, insideOut, closedPositive);
  if (insideOut.length === 0) return inverted;

  const chosen = new Map<number, number>();
  for (const id of [...insideOut.map((patch) => patch.id), ...closedPositive]) chosen.set(id, chosen.size);
  const boxes = new PatchBoxes(chosen.size);
  for (let t = 0; t < count; t++) {
    if (degenerate.has(t)) continue;
    const b = chosen.get(patches.find(t));
    if (b !== undefined) boxes.addTriangle(b, p, t * 9);
  }
  inverted += cavityInverted(insideOut, closedPositive, boxes, (id) => chosen.get(id) as number);
  return inverted;
}
