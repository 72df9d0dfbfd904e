/**
 * Measuring a mesh without holding it: the same `MeshMeasures` as analysis.ts, field for field,
 * for meshes over the analysis memory budget. The triangles come from a `TriangleSource` (the
 * file on disk, read several times); what does not fit the budget goes to spill files in the
 * task's private temp folder, removed afterwards whatever happens.
 *
 * Passes: (1) surface totals and corners into weld partitions; (2) weld each partition — vertex
 * ids; (3) vertex ids per corner range → half-edges into edge partitions; (4) edge census and
 * orientation patches per edge partition; then, unless the mesh is one orientation patch (one
 * body: one shell, and its inverted count follows from its volume), (5) patch tallies (and boxes)
 * streaming the triangles again and (6) shells from the corner records of pass 2. Details in
 * each module.
 */
import type { MeshMeasures } from "@peerfab/protocol";
import type { MeshPart } from "@peerfab/protocol/formats/mesh";
import { analyseParts, assembleMeasures, type MeshAnalysis } from "../analysis.ts";
import { ParityDisjointSets } from "../disjoint-sets.ts";
import { isOnePatch, oneCleanPatchInverted } from "../orientation-patches.ts";
import { accumulateSurface, emptySurfaceTotals } from "../surface-totals.ts";
import { CornerWeld } from "./corner-weld.ts";
import { takeStreamedEdgeCensus } from "./edge-partitions.ts";
import { countInvertedStreamed } from "./patch-orientation.ts";
import type { StreamedWork } from "./streamed-work.ts";
import type { TriangleSource } from "./triangle-source.ts";

export function analyseStreamed(source: TriangleSource, parts: readonly MeshPart[] | null, work: StreamedWork): MeshAnalysis {
  return analyseParts((first, count) => measureStreamed(source, first, count, work), source.triangles, parts);
}

/** Measures triangles `first … first + count - 1` of `source`. */
export function measureStreamed(source: TriangleSource, first: number, count: number, work: StreamedWork): MeshMeasures {
  const memory = work.measure(count);
  const totals = emptySurfaceTotals();
  const weld = new CornerWeld(memory);
  source.forEach(first, count, (positions, n, from) => {
    accumulateSurface(positions, n, totals);
    weld.addTriangles(positions, n, (from - first) * 3);
  });

  const welded = weld.weld();
  const sets = new ParityDisjointSets(count, memory.fixed.uint32(count));
  const edges = takeStreamedEdgeCensus(welded, memory, sets);
  // One body in one orientation patch (orientation-patches.ts): no shell pass, and with no
  // misoriented edge no tally pass over the triangles either.
  const onePatch = isOnePatch(edges.census, sets);
  const inverted = onePatch && edges.census.misorientedEdges === 0 ? oneCleanPatchInverted(count, totals, edges.census) : countInvertedStreamed(source, first, memory, sets, edges);
  let shells = 1;
  if (onePatch) welded.firstCornerOf.close();
  else {
    sets.reset();
    CornerWeld.joinShells(welded, memory, sets);
    shells = sets.countSets();
  }
  return assembleMeasures(count, welded.vertexCount, totals, shells, edges.census, inverted);
}
