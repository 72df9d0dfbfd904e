/**
 * Inverted triangles out of core (the rule: analysis.ts; the arithmetic: orientation-patches.ts).
 * Patches are the sets of the finished union-find, whose roots are their first triangles; patch
 * ids are the ranks of the roots. Per-patch sums need 17 bytes a patch, so when a mesh has more
 * patches than the working set holds, the triangles are streamed once per range of patch ids;
 * each triangle's volume is recomputed from its positions exactly as pass 1 computed it. When
 * some closed patch is inside out, one more pass collects the boxes of the patches involved.
 */
import { BitSet } from "../bit-set.ts";
import type { ParityDisjointSets } from "../disjoint-sets.ts";
import { cavityInverted, type InsideOutPatch, PatchBoxes, PatchTally } from "../orientation-patches.ts";
import { triangleVolume } from "../surface-totals.ts";
import type { StreamedEdgeCensus } from "./edge-partitions.ts";
import type { StreamedMemory } from "./streamed-work.ts";
import type { TriangleSource } from "./triangle-source.ts";

export function countInvertedStreamed(
  source: TriangleSource,
  first: number,
  { plan, arena, fixed }: StreamedMemory,
  patches: ParityDisjointSets,
  { touchesOpenEdge, degenerate }: StreamedEdgeCensus,
): number {
  const count = plan.triangles;
  const roots = new BitSet(count, fixed);
  for (let t = 0; t < count; t++) if (!degenerate.has(t)) roots.set(patches.find(t));
  const patchCount = roots.buildRanks();

  const insideOut: InsideOutPatch[] = [];
  const closedPositive: number[] = [];
  let inverted = 0;
  for (let k0 = 0; k0 < patchCount; k0 += plan.patchesPerPass) {
    arena.reset();
    const tally = new PatchTally(Math.min(plan.patchesPerPass, patchCount - k0), arena);
    source.forEach(first, count, (p, n, from) => {
      for (let i = 0, t = from - first; i < n; i++, t++) {
        if (degenerate.has(t)) continue;
        const k = roots.rank(patches.find(t)) - k0;
        if (k < 0 || k >= tally.size) continue;
        tally.add(k, patches.lastParity, triangleVolume(p, i), touchesOpenEdge.has(t));
      }
    });
    inverted += tally.classify(k0, insideOut, closedPositive);
  }
  if (insideOut.length === 0) return inverted;

  const chosen = new Map<number, number>();
  for (const id of [...insideOut.map((patch) => patch.id), ...closedPositive]) chosen.set(id, chosen.size);
  const boxes = new PatchBoxes(chosen.size);
  source.forEach(first, count, (p, n, from) => {
    for (let i = 0, t = from - first; i < n; i++, t++) {
      if (degenerate.has(t)) continue;
      const b = chosen.get(roots.rank(patches.find(t)));
      if (b !== undefined) boxes.addTriangle(b, p, i * 9);
    }
  });
  return inverted + cavityInverted(insideOut, closedPositive, boxes, (id) => chosen.get(id) as number);
}
