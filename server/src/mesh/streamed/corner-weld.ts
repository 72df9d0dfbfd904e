/**
 * Welding out of core. Pass 1 hashes every corner's float32 bit pattern (-0 as +0, exactly as
 * vertex-weld.ts compares them) into one of `weldPartitions` spill files as (x, y, z, corner);
 * equal corners always land in the same partition. Each partition is then welded on its own
 * with an open-addressing table whose slots keep the first corner of each point, so memory
 * grows with the partition's distinct points, not its corners. For every corner it records
 * which corner first had its point (into corner-range spills, read back by
 * edge-partitions.ts, and by `joinShells` when the mesh is not one patch), and marks first corners
 * in a bit set — a vertex's id is the rank of its first corner, i.e. vertices numbered in
 * first-use order, as the in-memory weld numbers them.
 */
import { BitSet } from "../bit-set.ts";
import { pointHash, positiveZero } from "../vertex-weld.ts";
import type { ParityDisjointSets } from "../disjoint-sets.ts";
import { RecordSpill } from "./record-spill.ts";
import type { StreamedMemory } from "./streamed-work.ts";
import type { WorkArena } from "./work-arena.ts";

export interface WeldedCorners {
  /** Set at the first corner of every welded vertex; `rank` gives vertex ids. */
  firstCorners: BitSet;
  vertexCount: number;
  /** Per corner range (`cornersPerRange` corners each, in order): (corner, first corner of its vertex) records. */
  firstCornerOf: RecordSpill;
}

export class CornerWeld {
  private readonly spill: RecordSpill;
  private readonly partitions: number;

  constructor(private readonly memory: StreamedMemory) {
    this.partitions = memory.plan.weldPartitions;
    this.spill = new RecordSpill(memory.area, "weld", this.partitions, 4, memory.spillBuffers);
  }

  /** Pass 1: `count` triangles of `positions`, the first being corner `firstCorner / 3`'s triangle. */
  addTriangles(positions: Float32Array, count: number, firstCorner: number): void {
    const bits = new Uint32Array(positions.buffer, positions.byteOffset, count * 9);
    const partitions = this.partitions;
    const spill = this.spill;
    for (let c = 0, o = 0; c < count * 3; c++, o += 3) {
      const x = positiveZero(bits[o] as number);
      const y = positiveZero(bits[o + 1] as number);
      const z = positiveZero(bits[o + 2] as number);
      const p = partitions === 1 ? 0 : partitionOf(x, y, z, partitions);
      spill.add4(p, x, y, z, firstCorner + c);
    }
  }

  /** Welds every partition. */
  weld(): WeldedCorners {
    const { spill } = this;
    const { plan, arena, chunk, fixed } = this.memory;
    spill.finishWriting();
    const corners = plan.triangles * 3;
    const firstCorners = new BitSet(corners, fixed);
    const ranges = Math.ceil(corners / plan.cornersPerRange);
    const firstCornerOf = new RecordSpill(this.memory.area, "corners", ranges, 2, this.memory.spillBuffers);
    const perRange = plan.cornersPerRange;
    for (let p = 0; p < this.partitions; p++) {
      arena.reset();
      const table = new PointTable(spill.records(p), arena);
      spill.read(p, chunk, (words, records) => {
        for (let r = 0, o = 0; r < records; r++, o += 4) {
          const corner = words[o + 3] as number;
          const first = table.firstCornerOf(words[o] as number, words[o + 1] as number, words[o + 2] as number, corner);
          if (first === corner) firstCorners.set(corner);
          firstCornerOf.add2((corner / perRange) | 0, corner, first);
        }
      });
      spill.discard(p);
    }
    spill.close();
    firstCornerOf.finishWriting();
    return { firstCorners, vertexCount: firstCorners.buildRanks(), firstCornerOf };
  }

  /**
   * Joins the triangles sharing a vertex in `shells` (one element per triangle), reading the
   * (corner, first corner) records again: only for meshes that are not one orientation patch
   * (streamed-analysis.ts), so the usual upload skips ~2.5 M random accesses per million triangles.
   * Closes the records.
   */
  static joinShells({ firstCornerOf }: WeldedCorners, { chunk }: StreamedMemory, shells: ParityDisjointSets): void {
    for (let r = 0; r < firstCornerOf.partitions; r++) {
      firstCornerOf.read(r, chunk, (words, records) => {
        for (let i = 0, o = 0; i < records; i++, o += 2) {
          const corner = words[o] as number;
          const first = words[o + 1] as number;
          if (first !== corner) shells.union((first / 3) | 0, (corner / 3) | 0, 0);
        }
      });
      firstCornerOf.discard(r);
    }
    firstCornerOf.close();
  }
}

/** Partition of a point: the top bits of its hash (the table within a partition uses the low bits). */
function partitionOf(x: number, y: number, z: number, partitions: number): number {
  return Math.floor((pointHash(x, y, z) / 0x100000000) * partitions);
}

/**
 * Point → first corner, open addressing over one Uint32Array from the work arena: x, y, z bits
 * and first corner + 1 per slot (16 bytes, one cache line per probe). Doubles when half full.
 */
class PointTable {
  private table: Uint32Array;
  private mask: number;
  private size = 0;

  /** Sized for `corners` corners (a closed mesh has about one point per six), leaving arena room to grow. */
  constructor(
    corners: number,
    private readonly arena: WorkArena,
  ) {
    let slots = 1024;
    while (slots < corners / 3 && slots * 16 * 8 <= arena.free) slots *= 2;
    this.table = arena.uint32(slots * 4);
    this.mask = slots - 1;
  }

  /** The first corner stored for (x, y, z), storing `corner` when the point is new. */
  firstCornerOf(x: number, y: number, z: number, corner: number): number {
    const table = this.table;
    const wrap = table.length - 1;
    let s = (pointHash(x, y, z) & this.mask) << 2;
    for (;;) {
      const stored = table[s + 3] as number;
      if (stored === 0) {
        table[s] = x;
        table[s + 1] = y;
        table[s + 2] = z;
        table[s + 3] = corner + 1;
        if (++this.size > (this.mask + 1) >>> 1) this.grow();
        return corner;
      }
      if (table[s] === x && table[s + 1] === y && table[s + 2] === z) return stored - 1;
      s = (s + 4) & wrap;
    }
  }

  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const table = this.arena.uint32(slots * 4);
    const mask = slots - 1;
    const wrap = slots * 4 - 1;
    for (let o = 0; o < old.length; o += 4) {
      if (old[o + 3] === 0) continue;
      let s = (pointHash(old[o] as number, old[o + 1] as number, old[o + 2] as number) & mask) << 2;
      while (table[s + 3] !== 0) s = (s + 4) & wrap;
      table.set(old.subarray(o, o + 4), s);
    }
    this.table = table;
    this.mask = mask;
  }
}
