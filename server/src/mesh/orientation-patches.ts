/**
 * Counting inverted triangles from orientation patches (the rule is spelled out in analysis.ts):
 * `PatchTally` sums, per patch, its triangles, how many are wound against the patch's first
 * triangle, the signed volume with those flipped, and whether it touches an open edge; `classify`
 * turns the sums into the minority count and the closed patches that are inside out or
 * positive; `cavityInverted` adds the majority of every inside-out patch whose box lies in no
 * positive closed patch's box. The in-memory analysis tallies every patch at once (indexed by
 * root triangle), the streamed one a range of patch ids at a time; the arithmetic is shared.
 */
import type { ParityDisjointSets } from "./disjoint-sets.ts";
import type { EdgeCensus } from "./edge-topology.ts";
import type { SurfaceTotals } from "./surface-totals.ts";

/**
 * Shortcuts for one orientation patch holding every triangle (none degenerate) — the usual
 * upload, one body — taken by both analyses: its triangles join through shared edges, so all its
 * vertices are one shell. When no edge is also run twice the same way, every triangle is wound
 * like the first, so its tally needs no pass: no minority, and the patch's volume is the mesh's
 * (the same sums in the same order, surface-totals.ts); it is inverted as a whole exactly when it
 * is closed with negative volume (no other patch can hold it as a cavity).
 */
export function isOnePatch(census: EdgeCensus, patches: ParityDisjointSets): boolean {
  return census.degenerateTriangles === 0 && patches.countSets() === 1;
}

/** The inverted count of one patch holding every triangle, when `census.misorientedEdges` is 0. */
export function oneCleanPatchInverted(count: number, totals: SurfaceTotals, census: EdgeCensus): number {
  const closed = census.openEdges === 0 && census.nonManifoldEdges === 0;
  return closed && totals.volume < 0 ? count : 0;
}

/** Where a tally's arrays come from (zero-filled): fresh arrays, or the streamed analysis's work arena. */
export interface TallyMemory {
  uint32(length: number): Uint32Array;
  float64(length: number): Float64Array;
  uint8(length: number): Uint8Array;
}

const FRESH_ARRAYS: TallyMemory = {
  uint32: (length) => new Uint32Array(length),
  float64: (length) => new Float64Array(length),
  uint8: (length) => new Uint8Array(length),
};

export class PatchTally {
  private readonly members: Uint32Array;
  private readonly flipped: Uint32Array;
  private readonly volume: Float64Array;
  private readonly open: Uint8Array;

  /** Bytes per patch. */
  static readonly BYTES_PER_PATCH = 17;

  constructor(
    readonly size: number,
    memory: TallyMemory = FRESH_ARRAYS,
  ) {
    this.volume = memory.float64(size);
    this.members = memory.uint32(size);
    this.flipped = memory.uint32(size);
    this.open = memory.uint8(size);
  }

  /** One more triangle of patch `k`: `parity` 1 when wound against the patch's first triangle. */
  add(k: number, parity: number, volume: number, touchesOpenEdge: boolean): void {
    this.members[k] = (this.members[k] as number) + 1;
    if (parity === 1) {
      this.flipped[k] = (this.flipped[k] as number) + 1;
      this.volume[k] = (this.volume[k] as number) - volume;
    } else {
      this.volume[k] = (this.volume[k] as number) + volume;
    }
    if (touchesOpenEdge) this.open[k] = 1;
  }

  /**
   * Returns the minority count of every patch; pushes `k + idOffset` of closed patches with
   * negative volume (with their majority) to `insideOut` and of those with positive volume to
   * `closedPositive`.
   */
  classify(idOffset: number, insideOut: InsideOutPatch[], closedPositive: number[]): number {
    let inverted = 0;
    for (let k = 0; k < this.size; k++) {
      const n = this.members[k] as number;
      if (n === 0) continue;
      const f = this.flipped[k] as number;
      const minority = Math.min(f, n - f);
      inverted += minority;
      // Volume with the minority flipped to the majority winding.
      const oriented = f * 2 > n ? -(this.volume[k] as number) : (this.volume[k] as number);
      if (this.open[k] === 1) continue;
      if (oriented < 0) insideOut.push({ id: k + idOffset, majority: n - minority });
      else if (oriented > 0) closedPositive.push(k + idOffset);
    }
    return inverted;
  }
}

export interface InsideOutPatch {
  id: number;
  majority: number;
}

/**
 * Boxes of chosen patches (min x y z, max x y z each; float32 coordinates, so float32 storage
 * is exact), grown one triangle at a time.
 */
export class PatchBoxes {
  private readonly boxes: Float32Array;

  constructor(readonly count: number) {
    this.boxes = new Float32Array(count * 6);
    for (let b = 0; b < count; b++) this.boxes.set([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity], b * 6);
  }

  /** Grows box `b` by triangle `o / 9` of `p`. */
  addTriangle(b: number, p: Float32Array, o: number): void {
    const box = this.boxes;
    const at = b * 6;
    for (let c = o; c < o + 9; c += 3) {
      for (let k = 0; k < 3; k++) {
        const value = p[c + k] as number;
        if (value < (box[at + k] as number)) box[at + k] = value;
        if (value > (box[at + k + 3] as number)) box[at + k + 3] = value;
      }
    }
  }

  /** True when box `outer` contains box `inner` (b ≠ a). */
  contains(outer: number, inner: number): boolean {
    const box = this.boxes;
    for (let k = 0; k < 3; k++) {
      if ((box[inner * 6 + k] as number) < (box[outer * 6 + k] as number) || (box[inner * 6 + k + 3] as number) > (box[outer * 6 + k + 3] as number)) return false;
    }
    return outer !== inner;
  }
}

/**
 * The inside-out patches that are no cavity: the sum of their majorities. `boxOf` maps a patch
 * id to its box in `boxes`.
 */
export function cavityInverted(insideOut: readonly InsideOutPatch[], closedPositive: readonly number[], boxes: PatchBoxes, boxOf: (id: number) => number): number {
  let inverted = 0;
  const outers = closedPositive.map(boxOf);
  for (const patch of insideOut) {
    const inner = boxOf(patch.id);
    if (!outers.some((outer) => boxes.contains(outer, inner))) inverted += patch.majority;
  }
  return inverted;
}
