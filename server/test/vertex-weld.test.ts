/**
 * Welding against a plain reference (a Map keyed by the bit patterns, -0 as +0, ids in first-use
 * order): the cache of recent points may forget a point, and points may share a hash — neither
 * may change which corners share a vertex or the vertex numbering.
 */
import { describe, expect, it } from "vitest";
import { POINT_HASH_SEED, pointHash, weldVertices } from "../src/mesh/vertex-weld.ts";
import { seededRandom } from "./seeded-random.ts";

function referenceWeld(positions: Float32Array): { indices: number[]; vertexCount: number } {
  const bits = new Uint32Array(positions.buffer, positions.byteOffset, positions.length);
  const ids = new Map<string, number>();
  const indices: number[] = [];
  const plus = (b: number) => (b === 0x80000000 ? 0 : b);
  for (let o = 0; o < bits.length; o += 3) {
    const key = `${plus(bits[o] as number)},${plus(bits[o + 1] as number)},${plus(bits[o + 2] as number)}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    indices.push(id);
  }
  return { indices, vertexCount: ids.size };
}

function expectSameWeld(positions: Float32Array): number {
  const welded = weldVertices(positions, 0, positions.length / 9);
  const reference = referenceWeld(positions);
  expect(welded.vertexCount).toBe(reference.vertexCount);
  expect([...welded.indices]).toEqual(reference.indices);
  return welded.vertexCount;
}

/** x·k mod 2³² = 1 for odd k (Newton's iteration). */
function inverse(k: number): number {
  let inv = k;
  for (let i = 0; i < 5; i++) inv = Math.imul(inv, 2 - Math.imul(k, inv));
  return inv >>> 0;
}

describe("weldVertices against a reference weld", () => {
  it("welds points seen again long after the recent-points cache forgot them", () => {
    // 60,000 distinct points, then every one of them again in reverse order, some as -0.
    const points = 60_000;
    const random = seededRandom(7);
    const coordinates = Float32Array.from({ length: points * 3 }, () => Math.round(random() * 2000 - 1000) / 8);
    for (let i = 0; i < points * 3; i += 97) coordinates[i] = 0;
    const positions = new Float32Array(points * 6);
    positions.set(coordinates);
    for (let p = 0; p < points; p++) {
      const from = (points - 1 - p) * 3;
      positions.set(coordinates.subarray(from, from + 3), (points + p) * 3);
      if (coordinates[from] === 0) positions[(points + p) * 3] = -0;
    }
    const vertices = expectSameWeld(positions);
    expect(vertices).toBeLessThanOrEqual(points);
  });

  it("welds a soup with random repeats at random distances", () => {
    const random = seededRandom(11);
    const pool = Float32Array.from({ length: 30_000 * 3 }, () => random() * 100);
    const positions = new Float32Array(40_000 * 9);
    for (let c = 0; c < positions.length / 3; c++) {
      const p = Math.floor(random() * 30_000) * 3;
      positions.set(pool.subarray(p, p + 3), c * 3);
    }
    expectSameWeld(positions);
  });

  it("welds exactly when thousands of distinct points share one hash (a crafted file)", () => {
    // For any x and y there is a z giving any hash: undo pointHash's last steps (this mirrors
    // its constants, and knows the process's seed, as an attacker would have to) down to the
    // point where z is folded in.
    const target = pointHash(0, 0, 0);
    const colliding: number[] = [];
    for (let x = 1; colliding.length < 3000 * 3; x++) {
      const xBits = (0x3f800000 + x) >>> 0;
      const y = ((x * 2654435761) >>> 0) & 0x3fffffff;
      const a = Math.imul(xBits ^ POINT_HASH_SEED, 0x9e3779b1);
      const b = Math.imul(a ^ (a >>> 16) ^ y, 0x85ebca6b);
      let v = target ^ (target >>> 15) ^ (target >>> 30);
      v = Math.imul(v, inverse(0x27d4eb2f));
      v ^= v >>> 16;
      v = Math.imul(v, inverse(0xc2b2ae35));
      const z = (v ^ b ^ (b >>> 16)) >>> 0;
      if ((z & 0x7f800000) === 0x7f800000) continue; // not a finite float
      if (pointHash(xBits, y, z) !== target) throw new Error("the crafted point does not collide");
      colliding.push(xBits, y, z);
    }
    // Each point three times, interleaved, as corners of triangles.
    const bits = new Uint32Array(3 * colliding.length);
    bits.set(colliding, 0);
    for (let p = 0; p < 3000; p++) bits.set(colliding.slice(((p * 7) % 3000) * 3, ((p * 7) % 3000) * 3 + 3), colliding.length + p * 3);
    bits.set(colliding, 2 * colliding.length);
    const positions = new Float32Array(bits.buffer);
    expect(expectSameWeld(positions)).toBe(3000);
  });
});
