/**
 * Edge census of a welded mesh: how many triangles use each edge, and in which direction.
 *
 * - An edge used by exactly two triangles that run it in opposite directions is a healthy,
 *   consistently oriented interior edge: the two triangles join the same orientation patch
 *   with the same winding.
 * - Used by two triangles in the same direction: a misoriented edge (one of the two is wound
 *   the wrong way); they still join one patch, with opposite windings.
 * - Used by one triangle: an open (boundary) edge — a hole. By three or more: non-manifold.
 *   Triangles on such edges mark their patch as open.
 *
 * Degenerate triangles (two corners welded to the same vertex) have no area and no defined
 * winding; they are counted and left out of the census.
 *
 * Implementation: half-edges are bucketed by their smaller vertex id (counting sort into
 * compressed rows), then each small bucket is sorted by the larger id and scanned for runs —
 * linear in the triangle count, typed arrays only. `scanEdgeRows` is the scan on its own: the
 * streamed analysis (streamed/edge-partitions.ts) builds the same rows a range of vertices at a
 * time and scans them in the same order, so both take the same census and make the same unions.
 */
import { BitSet } from "./bit-set.ts";
import type { ParityDisjointSets } from "./disjoint-sets.ts";

export interface EdgeCensus {
  /** Distinct undirected edges. */
  edges: number;
  openEdges: number;
  nonManifoldEdges: number;
  misorientedEdges: number;
  degenerateTriangles: number;
}

export interface EdgeCensusOutput {
  census: EdgeCensus;
  /** Set for triangles that touch an open or non-manifold edge, or are degenerate. */
  touchesOpenEdge: BitSet;
  /** Set for degenerate triangles. */
  degenerate: BitSet;
}

/** Fills `patches` (one element per triangle) and returns the census. */
export function takeEdgeCensus(indices: Uint32Array, triangles: number, vertexCount: number, patches: ParityDisjointSets): EdgeCensusOutput {
  const degenerate = new BitSet(triangles);
  const touchesOpenEdge = new BitSet(triangles);
  const rowStart = new Uint32Array(vertexCount + 1);
  const census: EdgeCensus = { edges: 0, openEdges: 0, nonManifoldEdges: 0, misorientedEdges: 0, degenerateTriangles: 0 };
  for (let t = 0, o = 0; t < triangles; t++, o += 3) {
    const a = indices[o] as number, b = indices[o + 1] as number, c = indices[o + 2] as number;
    if (a === b || b === c || c === a) {
      degenerate.set(t);
      touchesOpenEdge.set(t);
      census.degenerateTriangles++;
      continue;
    }
    const ab = (a < b ? a : b) + 1;
    rowStart[ab] = (rowStart[ab] as number) + 1;
    const bc = (b < c ? b : c) + 1;
    rowStart[bc] = (rowStart[bc] as number) + 1;
    const ca = (c < a ? c : a) + 1;
    rowStart[ca] = (rowStart[ca] as number) + 1;
  }
  for (let v = 0; v < vertexCount; v++) rowStart[v + 1] = (rowStart[v + 1] as number) + (rowStart[v] as number);
  const halfEdges = rowStart[vertexCount] as number;
  const fill = rowStart.slice(0, vertexCount);
  /** Larger vertex id of each half-edge. */
  const other = new Uint32Array(halfEdges);
  /** triangle * 2 + direction (0: runs from the smaller to the larger id). */
  const owner = new Uint32Array(halfEdges);
  const put = (u: number, v: number, t2: number) => {
    if (u < v) {
      const at = fill[u] as number;
      fill[u] = at + 1;
      other[at] = v;
      owner[at] = t2;
    } else {
      const at = fill[v] as number;
      fill[v] = at + 1;
      other[at] = u;
      owner[at] = t2 + 1;
    }
  };
  for (let t = 0, o = 0; t < triangles; t++, o += 3) {
    if (degenerate.has(t)) continue;
    const a = indices[o] as number, b = indices[o + 1] as number, c = indices[o + 2] as number;
    put(a, b, t * 2);
    put(b, c, t * 2);
    put(c, a, t * 2);
  }
  scanEdgeRows(rowStart, vertexCount, other, owner, patches, touchesOpenEdge, census);
  return { census, touchesOpenEdge, degenerate };
}

/**
 * Scans `rows` rows of half-edges (row r holds `other`/`owner` from `rowStart[r]` to
 * `rowStart[r + 1]`, in the order they were added): sorts each row by `other`, counts every run
 * of equal `other` as one edge into `census`, joins the two triangles of a two-use edge in
 * `patches` and marks the triangles of open and non-manifold edges in `touchesOpenEdge`.
 */
export function scanEdgeRows(
  rowStart: Uint32Array,
  rows: number,
  other: Uint32Array,
  owner: Uint32Array,
  patches: ParityDisjointSets,
  touchesOpenEdge: BitSet,
  census: EdgeCensus,
): void {
  let edges = 0, openEdges = 0, nonManifoldEdges = 0, misorientedEdges = 0;
  for (let v = 0; v < rows; v++) {
    const start = rowStart[v] as number;
    const end = rowStart[v + 1] as number;
    if (end - start > SMALL_ROW) sortLongRow(other, owner, start, end);
    else {
      // Insertion sort, inline: rows hold ~6 half-edges.
      for (let i = start + 1; i < end; i++) {
        const key = other[i] as number;
        const val = owner[i] as number;
        let j = i - 1;
        while (j >= start && (other[j] as number) > key) {
          other[j + 1] = other[j] as number;
          owner[j + 1] = owner[j] as number;
          j--;
        }
        other[j + 1] = key;
        owner[j + 1] = val;
      }
    }
    let i = start;
    while (i < end) {
      const w = other[i] as number;
      let j = i + 1;
      while (j < end && other[j] === w) j++;
      const uses = j - i;
      edges++;
      if (uses === 2) {
        const e0 = owner[i] as number, e1 = owner[i + 1] as number;
        const sameDirection = ((e0 ^ e1) & 1) === 0;
        if (sameDirection) misorientedEdges++;
        patches.union(e0 >>> 1, e1 >>> 1, sameDirection ? 1 : 0);
      } else {
        if (uses === 1) openEdges++;
        else nonManifoldEdges++;
        for (let k = i; k < j; k++) touchesOpenEdge.set((owner[k] as number) >>> 1);
      }
      i = j;
    }
  }
  census.edges += edges;
  census.openEdges += openEdges;
  census.nonManifoldEdges += nonManifoldEdges;
  census.misorientedEdges += misorientedEdges;
}

/** Rows up to this long are insertion-sorted. */
const SMALL_ROW = 32;

/** Sorts one long row (a fan around a vertex) by `other`. */
function sortLongRow(other: Uint32Array, owner: Uint32Array, start: number, end: number): void {
  const order = Array.from({ length: end - start }, (_, k) => start + k).sort((p, q) => (other[p] as number) - (other[q] as number));
  const o2 = order.map((k) => other[k] as number);
  const w2 = order.map((k) => owner[k] as number);
  other.set(o2, start);
  owner.set(w2, start);
}
