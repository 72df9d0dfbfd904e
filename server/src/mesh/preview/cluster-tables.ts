/**
 * The two hash tables of vertex-clustering decimation, each an open-addressing table over typed
 * arrays (no per-entry objects) that doubles when half full:
 * - `CellTable`: grid cell (ix, iy, iz) → dense cell id, with the running sum of the corners
 *   that fell into it (for the cell's mean position).
 * - `TriangleSet`: kept triangles over cell ids, each stored once; a triangle is identified up
 *   to rotation of its corners (so the winding is kept, and two faces of a thin wall, wound
 *   oppositely, both stay).
 * Both hash their three words with the welds' `pointHash` (the ids they hand out follow insertion
 * order, not the hash).
 */
import { grow } from "@peerfab/protocol/formats/mesh";
import { pointHash } from "../vertex-weld.ts";

export class CellTable {
  /** Cells so far; ids are 0 … size − 1. */
  size = 0;
  private slots = 1024;
  /** Per slot: ix, iy, iz, id + 1 (0 = empty). */
  private table = new Int32Array(this.slots * 4);
  /** Per cell id: Σx, Σy, Σz, corner count. */
  private sums = new Float64Array(1024 * 4);

  /** The id of the cell (ix, iy, iz), created when new; the corner (x, y, z) joins its mean. */
  add(ix: number, iy: number, iz: number, x: number, y: number, z: number): number {
    const mask = this.slots - 1;
    let s = pointHash(ix, iy, iz) & mask;
    for (;;) {
      const o = s * 4;
      const stored = this.table[o + 3] as number;
      if (stored === 0) {
        const id = this.size++;
        this.table[o] = ix;
        this.table[o + 1] = iy;
        this.table[o + 2] = iz;
        this.table[o + 3] = id + 1;
        if (id * 4 + 4 > this.sums.length) this.growSums();
        this.accumulate(id, x, y, z);
        if (this.size > this.slots >>> 1) this.rehash();
        return id;
      }
      if (this.table[o] === ix && this.table[o + 1] === iy && this.table[o + 2] === iz) {
        this.accumulate(stored - 1, x, y, z);
        return stored - 1;
      }
      s = (s + 1) & mask;
    }
  }

  mean(id: number): [number, number, number] {
    const o = id * 4;
    const n = this.sums[o + 3] as number;
    return [(this.sums[o] as number) / n, (this.sums[o + 1] as number) / n, (this.sums[o + 2] as number) / n];
  }

  private accumulate(id: number, x: number, y: number, z: number): void {
    const o = id * 4;
    const sums = this.sums;
    sums[o] = (sums[o] as number) + x;
    sums[o + 1] = (sums[o + 1] as number) + y;
    sums[o + 2] = (sums[o + 2] as number) + z;
    sums[o + 3] = (sums[o + 3] as number) + 1;
  }

  private growSums(): void {
    this.sums = grow(this.sums);
  }

  private rehash(): void {
    const old = this.table;
    this.slots *= 2;
    this.table = new Int32Array(this.slots * 4);
    const mask = this.slots - 1;
    for (let o = 0; o < old.length; o += 4) {
      if (old[o + 3] === 0) continue;
      let s = pointHash(old[o] as number, old[o + 1] as number, old[o + 2] as number) & mask;
      while (this.table[s * 4 + 3] !== 0) s = (s + 1) & mask;
      this.table.set(old.subarray(o, o + 4), s * 4);
    }
  }
}

export class TriangleSet {
  private count = 0;
  private slots = 1024;
  /** Per slot: triangle index + 1 (0 = empty). */
  private table = new Uint32Array(this.slots);
  /** Three cell ids per kept triangle, in insertion order. */
  private corners = new Uint32Array(1024 * 3);

  /** Adds the triangle (a, b, c) unless it (or a rotation of it) is already in. */
  add(a: number, b: number, c: number): void {
    // Rotate so the smallest id comes first: the same triangle always hashes alike.
    if (b < a && b < c) [a, b, c] = [b, c, a];
    else if (c < a && c < b) [a, b, c] = [c, a, b];
    const mask = this.slots - 1;
    let s = pointHash(a, b, c) & mask;
    for (;;) {
      const stored = this.table[s] as number;
      if (stored === 0) break;
      const o = (stored - 1) * 3;
      if (this.corners[o] === a && this.corners[o + 1] === b && this.corners[o + 2] === c) return;
      s = (s + 1) & mask;
    }
    if (this.count * 3 + 3 > this.corners.length) this.corners = grow(this.corners);
    const o = this.count * 3;
    this.corners[o] = a;
    this.corners[o + 1] = b;
    this.corners[o + 2] = c;
    this.table[s] = ++this.count;
    if (this.count > this.slots >>> 1) this.rehash();
  }

  /** Three cell ids per triangle. */
  indices(): Uint32Array {
    return this.corners.subarray(0, this.count * 3);
  }

  private rehash(): void {
    this.slots *= 2;
    this.table = new Uint32Array(this.slots);
    const mask = this.slots - 1;
    for (let t = 0; t < this.count; t++) {
      const o = t * 3;
      let s = pointHash(this.corners[o] as number, this.corners[o + 1] as number, this.corners[o + 2] as number) & mask;
      while (this.table[s] !== 0) s = (s + 1) & mask;
      this.table[s] = t + 1;
    }
  }
}
