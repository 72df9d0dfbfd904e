/**
 * The analysis memory budget (`PEERFAB_ANALYSIS_MEMORY_MB`) and how the streamed analysis splits
 * its work to stay inside it.
 *
 * - In memory (analysis.ts) a mesh costs up to `IN_MEMORY_BYTES_PER_TRIANGLE` at its peak: the
 *   positions, welded indices, the weld table, the edge rows and per-triangle tallies. Meshes
 *   whose estimate exceeds the budget take the streamed path (from 200,000 triangles at 48 MB).
 * - Streamed, a few arrays stay per triangle for the whole analysis (`fixedBytes`: the union-find
 *   at 4 bytes, flag and rank bits); spill write buffers and a read chunk take a slice; the rest
 *   is the work arena one partition uses at a time (work-arena.ts), and partition counts follow
 *   from it with room for uneven partitions. A budget smaller than the fixed arrays cannot be
 *   kept; the analysis then uses `MIN_WORKING_BYTES` and many partitions, at most
 *   `MAX_PARTITIONS` per spill (tests use a tiny budget to force many partitions on small meshes).
 */
import { BitSet } from "../bit-set.ts";
import { ParityDisjointSets } from "../disjoint-sets.ts";
import { PatchTally } from "../orientation-patches.ts";

export const DEFAULT_ANALYSIS_MEMORY_BYTES = 48 * 1024 * 1024;

/**
 * Peak bytes per triangle of the in-memory analysis, positions included, at worst. Measured
 * (peak RSS over 400,000 triangles, 36 bytes of positions + the analysis's growth): 94 for a
 * closed torus (one vertex per two triangles) and 190 for a soup of unshared triangles (three
 * vertices per triangle, the most the weld's buckets and the edge rows can hold); the hash-table
 * weld before it needed up to ~240. The vertex count is unknown until welded, so the budget
 * assumes the worst, with room for garbage not yet collected.
 */
export const IN_MEMORY_BYTES_PER_TRIANGLE = 240;

export function fitsInMemory(triangles: number, budgetBytes: number): boolean {
  return triangles * IN_MEMORY_BYTES_PER_TRIANGLE <= budgetBytes;
}

const MIN_WORKING_BYTES = 4 * 1024;
/** Most files one spill keeps open (and write buffers it holds). */
const MAX_PARTITIONS = 256;
/** Weld table bytes per distinct point: 16-byte slots, at most half full. */
const WELD_BYTES_PER_POINT = 32;
/** Edge rows: 8 bytes per half-edge (other, owner) and per vertex (row start, fill). */
const EDGE_BYTES = 8;

export interface StreamedPlan {
  triangles: number;
  /** What stays for the whole measurement: the union-find and the bit sets (with alignment). */
  fixedBytes: number;
  /** Everything: fixed, spill buffers, read chunk, work arena. */
  totalBytes: number;
  /** The work arena: what one partition's work may take. */
  workingBytes: number;
  /** Write buffers of the spill being written, all partitions together. */
  spillBufferBytes: number;
  /** Words of a spill read chunk. */
  readChunkWords: number;
  /** Corner records (x, y, z, corner) are hashed into this many weld partitions. */
  weldPartitions: number;
  /** Corners whose vertex ids are resolved at a time (a multiple of 3). */
  cornersPerRange: number;
  /** Vertices whose edge rows are built at a time, for `vertices` welded vertices. */
  verticesPerEdgePartition(vertices: number): number;
  /** Patches tallied per pass over the triangles. */
  patchesPerPass: number;
}

export function planStreamed(triangles: number, budgetBytes: number): StreamedPlan {
  const corners = triangles * 3;
  // Union-find, degenerate and open-edge bits, first-corner bits with ranks, patch-root bits with ranks.
  const fixedArrays =
    triangles * ParityDisjointSets.BYTES_PER_ELEMENT + 2 * Math.ceil(triangles / 32) * 4 + BitSet.bytesWithRanks(corners) + BitSet.bytesWithRanks(triangles) + 64;
  const fixedBytes = Math.ceil(fixedArrays / 8) * 8;
  const spillBufferBytes = Math.min(4 * 1024 * 1024, Math.max(64 * 1024, Math.floor(budgetBytes / 12 / 8) * 8));
  const readChunkWords = Math.min(64 * 1024, Math.max(12, Math.floor(budgetBytes / 64)));
  const workingBytes = Math.max(MIN_WORKING_BYTES, Math.floor((budgetBytes - fixedBytes - spillBufferBytes - readChunkWords * 4) / 8) * 8);
  const halfEdges = corners;
  return {
    triangles,
    fixedBytes,
    totalBytes: fixedBytes + spillBufferBytes + readChunkWords * 4 + workingBytes,
    workingBytes,
    spillBufferBytes,
    readChunkWords,
    // Distinct points are at most the corners and a hash spreads them evenly; a quarter of the
    // arena leaves room for an unlucky partition and for the table's power-of-two size.
    weldPartitions: Math.min(MAX_PARTITIONS, Math.max(1, Math.ceil((corners * WELD_BYTES_PER_POINT) / (workingBytes / 4)))),
    cornersPerRange: Math.max(3, Math.floor(workingBytes / 4 / 3) * 3, Math.ceil(corners / MAX_PARTITIONS / 3) * 3),
    verticesPerEdgePartition: (vertices) => {
      // Half the arena, as rows of neighbouring vertices are not evenly filled.
      const perVertex = EDGE_BYTES + (EDGE_BYTES * halfEdges) / Math.max(1, vertices);
      return Math.max(1, Math.floor(workingBytes / 2 / perVertex), Math.ceil(vertices / MAX_PARTITIONS));
    },
    patchesPerPass: Math.max(1, Math.floor(workingBytes / PatchTally.BYTES_PER_PATCH) - 1),
  };
}
