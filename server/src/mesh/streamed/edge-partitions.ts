/**
 * The edge census out of core, in the in-memory census's order (edge-topology.ts), so it counts
 * the same edges and makes the same unions in the same sequence:
 * 1. Corner ranges in order: each range's vertex ids are resolved (rank of the first corner of
 *    each corner's point), then its triangles are walked in order — degenerate ones flagged,
 *    the others' three half-edges (smaller id, larger id, triangle · 2 + direction) appended to
 *    the edge partition of their smaller vertex id (partitions are ranges of vertex ids).
 * 2. Edge partitions in order: rows are built by counting sort (stable, so each row keeps the
 *    order of addition, as in memory) and scanned with `scanEdgeRows`.
 */
import { BitSet } from "../bit-set.ts";
import type { ParityDisjointSets } from "../disjoint-sets.ts";
import { type EdgeCensus, scanEdgeRows } from "../edge-topology.ts";
import type { WeldedCorners } from "./corner-weld.ts";
import { RecordSpill } from "./record-spill.ts";
import type { StreamedMemory } from "./streamed-work.ts";

export interface StreamedEdgeCensus {
  census: EdgeCensus;
  touchesOpenEdge: BitSet;
  degenerate: BitSet;
}

/**
 * Fills `patches` (one element per triangle, in one set each) and returns the census. The
 * welded corner records stay on disk (for `CornerWeld.joinShells`) until their owner closes them.
 */
export function takeStreamedEdgeCensus(welded: WeldedCorners, memory: StreamedMemory, patches: ParityDisjointSets): StreamedEdgeCensus {
  const { plan, arena, chunk, fixed } = memory;
  const triangles = plan.triangles;
  const vertices = welded.vertexCount;
  const perPartition = plan.verticesPerEdgePartition(vertices);
  const partitions = Math.max(1, Math.ceil(vertices / perPartition));
  const halfEdges = new RecordSpill(memory.area, "edges", partitions, 3, memory.spillBuffers);
  const degenerate = new BitSet(triangles, fixed);
  const touchesOpenEdge = new BitSet(triangles, fixed);
  const census: EdgeCensus = { edges: 0, openEdges: 0, nonManifoldEdges: 0, misorientedEdges: 0, degenerateTriangles: 0 };

  const { firstCorners, firstCornerOf } = welded;
  const perRange = plan.cornersPerRange;
  arena.reset();
  const ids = arena.uint32(Math.min(perRange, triangles * 3));
  const put = (u: number, v: number, t2: number) => {
    if (u < v) halfEdges.add3((u / perPartition) | 0, u, v, t2);
    else halfEdges.add3((v / perPartition) | 0, v, u, t2 + 1);
  };
  for (let r = 0; r < firstCornerOf.partitions; r++) {
    const c0 = r * perRange;
    firstCornerOf.read(r, chunk, (words, records) => {
      for (let i = 0, o = 0; i < records; i++, o += 2) ids[(words[o] as number) - c0] = firstCorners.rank(words[o + 1] as number);
    });
    const t0 = c0 / 3;
    const t1 = Math.min(triangles, (c0 + perRange) / 3);
    for (let t = t0, o = 0; t < t1; t++, o += 3) {
      const a = ids[o] as number, b = ids[o + 1] as number, c = ids[o + 2] as number;
      if (a === b || b === c || c === a) {
        degenerate.set(t);
        touchesOpenEdge.set(t);
        census.degenerateTriangles++;
        continue;
      }
      put(a, b, t * 2);
      put(b, c, t * 2);
      put(c, a, t * 2);
    }
  }
  halfEdges.finishWriting();

  for (let e = 0; e < partitions; e++) {
    const v0 = e * perPartition;
    const rows = Math.min(perPartition, vertices - v0);
    arena.reset();
    const rowStart = arena.uint32(rows + 1);
    halfEdges.read(e, chunk, (words, records) => {
      for (let i = 0, o = 0; i < records; i++, o += 3) {
        const row = (words[o] as number) - v0 + 1;
        rowStart[row] = (rowStart[row] as number) + 1;
      }
    });
    for (let v = 0; v < rows; v++) rowStart[v + 1] = (rowStart[v + 1] as number) + (rowStart[v] as number);
    const fill = arena.uint32(rows);
    fill.set(rowStart.subarray(0, rows));
    const other = arena.uint32(halfEdges.records(e));
    const owner = arena.uint32(other.length);
    halfEdges.read(e, chunk, (words, records) => {
      for (let i = 0, o = 0; i < records; i++, o += 3) {
        const row = (words[o] as number) - v0;
        const at = fill[row] as number;
        fill[row] = at + 1;
        other[at] = words[o + 1] as number;
        owner[at] = words[o + 2] as number;
      }
    });
    halfEdges.discard(e);
    scanEdgeRows(rowStart, rows, other, owner, patches, touchesOpenEdge, census);
  }
  halfEdges.close();
  return { census, touchesOpenEdge, degenerate };
}
