/**
 * The union-find behind shells and orientation patches: `unionThree` (shells) must leave the same
 * partition as two `union` calls, and `union` must keep each element's parity relative to its
 * set's smallest element whatever order the unions come in.
 */
import { describe, expect, it } from "vitest";
import { ParityDisjointSets } from "../src/mesh/disjoint-sets.ts";
import { seededRandom } from "./seeded-random.ts";

function roots(sets: ParityDisjointSets): number[] {
  return Array.from({ length: sets.size }, (_, x) => sets.find(x));
}

describe("ParityDisjointSets", () => {
  it("unionThree joins like two unions, rooted at each set's smallest element", () => {
    const random = seededRandom(3);
    const n = 5000;
    const three = new ParityDisjointSets(n);
    const pairs = new ParityDisjointSets(n);
    for (let k = 0; k < 2200; k++) {
      const [a, b, c] = [0, 1, 2].map(() => Math.floor(random() * n)) as [number, number, number];
      three.unionThree(a, b, c);
      pairs.union(a, b, 0);
      pairs.union(a, c, 0);
    }
    const expected = roots(pairs);
    expect(roots(three)).toEqual(expected);
    expect(three.countSets()).toBe(pairs.countSets());
    expect(expected.every((root, x) => root <= x)).toBe(true);
  });

  it("keeps parities relative to the smallest element in any union order", () => {
    // A chain 0-1-…-99 where each link flips: element x has parity x mod 2 relative to 0.
    const links = Array.from({ length: 99 }, (_, x) => [x, x + 1] as const);
    const random = seededRandom(5);
    const shuffled = [...links].sort(() => random() - 0.5);
    const sets = new ParityDisjointSets(100);
    for (const [a, b] of shuffled) sets.union(b, a, 1);
    for (let x = 0; x < 100; x++) {
      expect(sets.find(x)).toBe(0);
      expect(sets.lastParity).toBe(x % 2);
    }
    expect(sets.conflicts).toBe(0);
    sets.union(0, 2, 1);
    expect(sets.conflicts).toBe(1);
  });
});
