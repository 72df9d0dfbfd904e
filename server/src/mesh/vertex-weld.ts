/**
 * Vertex welding: STL repeats every vertex once per triangle that uses it; topology needs each
 * point once. Corners are welded when their coordinates are exactly equal as float32 (bit
 * patterns compared, with -0 treated as +0), which is what exporters write for a shared vertex.
 * No tolerance: near-coincident points stay apart, so a crack in the mesh stays visible.
 * Vertex ids are given in first-use order (the first corner of a point names it).
 *
 * Three passes, each over memory in order or over tables that fit the CPU's caches — a hash table
 * of every point (16 MB for a 1 M-triangle mesh) costs a cache miss per new point, and that was
 * two thirds of the welding time:
 * 1. Corners in file order look up a small direct-mapped cache of recently seen points (256 KB:
 *    exporters list neighbouring triangles near each other, so ~80 % of corners repeat a point
 *    seen a few thousand corners before). A miss gives the corner a new *provisional* id — the
 *    same point may get several when it was evicted in between.
 * 2. Provisional points are bucketed by the top bits of their hash (a counting sort: sequential
 *    reads, 2,048 write streams) into (x, y, z, hash, provisional id) records.
 * 3. Each bucket (a few hundred records, in L1/L2) is deduplicated with a small table; the
 *    smallest provisional id of a point represents it. A bucket whose probes run long (many
 *    points sharing one hash: a crafted file) is sorted instead, so no input costs more than
 *    n log n. Representatives are then numbered in order and the corners' ids rewritten.
 */
import { randomInt } from "node:crypto";
import { grow } from "@peerfab/protocol/formats/mesh";

const RECENT_SLOTS = 16384;
const BUCKET_BITS = 11;
/** Probes of one lookup after which a bucket is sorted instead of hashed (tables are at most a quarter full). */
const MAX_PROBES = 64;

export interface WeldedMesh {
  /** Three vertex ids per triangle. */
  indices: Uint32Array;
  vertexCount: number;
}

/** Provisional points: x, y, z bit patterns (-0 as +0) and hash of each, 4 words apiece. */
interface Provisional {
  count: number;
  points: Uint32Array;
}

export function weldVertices(positions: Float32Array, firstTriangle: number, triangles: number): WeldedMesh {
  const corners = triangles * 3;
  const bits = new Uint32Array(positions.buffer, positions.byteOffset + firstTriangle * 36, corners * 3);
  const indices = new Uint32Array(corners);
  const provisional = provisionalIds(bits, indices);
  const representatives = representativeIds(provisional);
  // Number the representatives in order (a representative precedes the ids it stands for).
  const finalIds = representatives;
  let vertexCount = 0;
  for (let p = 0; p < provisional.count; p++) {
    const representative = representatives[p] as number;
    finalIds[p] = representative === p ? vertexCount++ : (finalIds[representative] as number);
  }
  for (let c = 0; c < corners; c++) indices[c] = finalIds[indices[c] as number] as number;
  return { indices, vertexCount };
}

/** Pass 1: a provisional id per corner into `indices`, through the cache of recent points. */
function provisionalIds(bits: Uint32Array, indices: Uint32Array): Provisional {
  const corners = indices.length;
  let capacity = Math.max(1024, corners >>> 2);
  let points = new Uint32Array(capacity * 4);
  let count = 0;
  const recent = new Uint32Array(RECENT_SLOTS * 4);
  for (let c = 0, o = 0; c < corners; c++, o += 3) {
    const x = positiveZero(bits[o] as number);
    const y = positiveZero(bits[o + 1] as number);
    const z = positiveZero(bits[o + 2] as number);
    const h = pointHash(x, y, z);
    const r = (h & (RECENT_SLOTS - 1)) << 2;
    if (recent[r] === x && recent[r + 1] === y && recent[r + 2] === z && recent[r + 3] !== 0) {
      indices[c] = (recent[r + 3] as number) - 1;
      continue;
    }
    if (count === capacity) {
      points = grow(points);
      capacity *= 2;
    }
    const q = count << 2;
    points[q] = x;
    points[q + 1] = y;
    points[q + 2] = z;
    points[q + 3] = h;
    indices[c] = count++;
    recent[r] = x;
    recent[r + 1] = y;
    recent[r + 2] = z;
    recent[r + 3] = count;
  }
  return { count, points };
}

/** Passes 2 and 3: for each provisional id, the smallest provisional id of the same point. */
function representativeIds({ count, points }: Provisional): Uint32Array {
  const buckets = 1 << BUCKET_BITS;
  const shift = 32 - BUCKET_BITS;
  const bucketStart = new Uint32Array(buckets + 1);
  for (let p = 0; p < count; p++) {
    const b = ((points[(p << 2) + 3] as number) >>> shift) + 1;
    bucketStart[b] = (bucketStart[b] as number) + 1;
  }
  let largest = 0;
  for (let b = 0; b < buckets; b++) {
    const size = bucketStart[b + 1] as number;
    if (size > largest) largest = size;
    bucketStart[b + 1] = size + (bucketStart[b] as number);
  }
  const fill = bucketStart.slice(0, buckets);
  const records = new Uint32Array(count * RECORD);
  for (let p = 0; p < count; p++) {
    const q = p << 2;
    const h = points[q + 3] as number;
    const b = h >>> shift;
    const at = (fill[b] as number) * RECORD;
    fill[b] = (fill[b] as number) + 1;
    records[at] = points[q] as number;
    records[at + 1] = points[q + 1] as number;
    records[at + 2] = points[q + 2] as number;
    records[at + 3] = h;
    records[at + 4] = p;
  }
  const representatives = new Uint32Array(count);
  const table = new Int32Array(tableSlots(largest));
  for (let b = 0; b < buckets; b++) {
    const from = bucketStart[b] as number;
    const to = bucketStart[b + 1] as number;
    if (!dedupeByTable(records, from, to, table, representatives)) dedupeBySort(records, from, to, representatives);
  }
  return representatives;
}

/** Words per bucketed record: x, y, z, hash, provisional id. */
const RECORD = 5;

/**
 * Records `from … to - 1` of one bucket (in increasing provisional id) through an open-addressing
 * table keyed by their hash: the first record of each point represents it. False (and nothing
 * decided) when a lookup probed more than MAX_PROBES slots.
 */
function dedupeByTable(records: Uint32Array, from: number, to: number, table: Int32Array, representatives: Uint32Array): boolean {
  const mask = tableSlots(to - from) - 1;
  table.fill(-1, 0, mask + 1);
  for (let i = from; i < to; i++) {
    const e = i * RECORD;
    const x = records[e] as number, y = records[e + 1] as number, z = records[e + 2] as number;
    let s = (records[e + 3] as number) & mask;
    for (let probes = 0; ; probes++) {
      if (probes === MAX_PROBES) return false;
      const k = table[s] as number;
      if (k < 0) {
        table[s] = i;
        representatives[records[e + 4] as number] = records[e + 4] as number;
        break;
      }
      const f = k * RECORD;
      if (records[f] === x && records[f + 1] === y && records[f + 2] === z) {
        representatives[records[e + 4] as number] = records[f + 4] as number;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return true;
}

/** The same decision by sorting the bucket by point, then provisional id. */
function dedupeBySort(records: Uint32Array, from: number, to: number, representatives: Uint32Array): void {
  const order = Array.from({ length: to - from }, (_, k) => (from + k) * RECORD);
  order.sort((a, b) => (records[a] as number) - (records[b] as number) || (records[a + 1] as number) - (records[b + 1] as number) || (records[a + 2] as number) - (records[b + 2] as number) || (records[a + 4] as number) - (records[b + 4] as number));
  let first = -1;
  for (const e of order) {
    if (first < 0 || records[e] !== records[first] || records[e + 1] !== records[first + 1] || records[e + 2] !== records[first + 2]) first = e;
    representatives[records[e + 4] as number] = records[first + 4] as number;
  }
}

/** Table size for `n` records: a power of two at least four times `n`. */
function tableSlots(n: number): number {
  let slots = 16;
  while (slots < n * 4) slots *= 2;
  return slots;
}

/** A float32 bit pattern with -0 read as +0 (how both welds compare coordinates). */
export function positiveZero(bits: number): number {
  return bits === 0x80000000 ? 0 : bits;
}

/**
 * Seeds `pointHash` once per process, so nobody can prepare a file whose points share a hash
 * (that would make the out-of-core weld's table probe linearly; this weld sorts such buckets).
 */
export const POINT_HASH_SEED = randomInt(0x100000000 - 1) >>> 0;

/**
 * The 32-bit hash of a point's x, y, z bit patterns, also used by the out-of-core weld
 * (streamed/corner-weld.ts): each coordinate is folded into the running hash and multiplied (so
 * every bit of x, y and z reaches every bit of the hash), then the result is mixed once more
 * (murmur3-style). The earlier `x·K1 ⊕ y·K2 ⊕ z·K3` gave the bench torus's 500,000 points only
 * 127,000 distinct hashes.
 */
export function pointHash(x: number, y: number, z: number): number {
  let h = Math.imul(x ^ POINT_HASH_SEED, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16) ^ y, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16) ^ z, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}
