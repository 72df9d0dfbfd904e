/**
 * Triangle soups with known defects for analysis tests: boxes (closed, with holes, flipped
 * triangles, inside out, as cavities), a Möbius strip (no consistent orientation at all), a torus
 * with seeded damage, and a seeded random soup on a coarse grid (shared corners, repeated
 * triangles, non-manifold and degenerate ones everywhere).
 */
import type { TriangleMesh } from "@peerfab/protocol/formats/mesh";
import { torus } from "../bench/torus.ts";
import { seededRandom } from "./seeded-random.ts";

export type Point = [number, number, number];
export type Triangle = [Point, Point, Point];

/** Closed, outward-wound axis-aligned box from `min` to `min + size`. */
export function box(min: Point, size: number): Triangle[] {
  const c = (x: number, y: number, z: number): Point => [min[0] + x * size, min[1] + y * size, min[2] + z * size];
  const quads: Point[][] = [
    [c(0, 0, 0), c(0, 1, 0), c(1, 1, 0), c(1, 0, 0)],
    [c(0, 0, 1), c(1, 0, 1), c(1, 1, 1), c(0, 1, 1)],
    [c(0, 0, 0), c(1, 0, 0), c(1, 0, 1), c(0, 0, 1)],
    [c(0, 1, 0), c(0, 1, 1), c(1, 1, 1), c(1, 1, 0)],
    [c(0, 0, 0), c(0, 0, 1), c(0, 1, 1), c(0, 1, 0)],
    [c(1, 0, 0), c(1, 1, 0), c(1, 1, 1), c(1, 0, 1)],
  ];
  return quads.flatMap(([a, b, cc, d]) => [[a, b, cc], [a, cc, d]] as Triangle[]);
}

export const flip = ([a, b, c]: Triangle): Triangle => [a, c, b];

export function soup(triangles: Triangle[]): TriangleMesh {
  return { positions: Float32Array.from(triangles.flat(2)), triangles: triangles.length };
}

/** A strip of `segments` quads round a circle with a half twist: non-orientable. */
export function mobiusStrip(segments: number): Triangle[] {
  const at = (i: number, side: number): Point => {
    const u = (i / segments) * Math.PI * 2;
    const w = side * 2 - 1;
    return [(10 + w * Math.cos(u / 2)) * Math.cos(u), (10 + w * Math.cos(u / 2)) * Math.sin(u), w * Math.sin(u / 2)];
  };
  const triangles: Triangle[] = [];
  for (let i = 0; i < segments; i++) {
    const a = at(i, 0), b = at(i, 1);
    // The last quad joins the first with its rails swapped.
    const c = i + 1 === segments ? at(0, 0) : at(i + 1, 1);
    const d = i + 1 === segments ? at(0, 1) : at(i + 1, 0);
    triangles.push([a, b, c], [a, c, d]);
  }
  return triangles;
}

/** A closed torus with some triangles flipped and some removed (holes), chosen by `seed`. */
export function damagedTorus(rings: number, segments: number, seed: number): TriangleMesh {
  const { vertices, triangles } = torus(rings, segments);
  const next = seededRandom(seed);
  const out: number[] = [];
  for (let t = 0; t < triangles.length / 3; t++) {
    const roll = next();
    if (roll < 0.01) continue;
    const ids = [triangles[t * 3], triangles[t * 3 + 1], triangles[t * 3 + 2]] as number[];
    if (roll < 0.03) ids.reverse();
    for (const v of ids) out.push(vertices[v * 3] as number, vertices[v * 3 + 1] as number, vertices[v * 3 + 2] as number);
  }
  return { positions: Float32Array.from(out), triangles: out.length / 9 };
}

/** `count` triangles with corners on a `grid`³ lattice, plus signed zeros: every kind of defect. */
export function gridSoup(count: number, grid: number, seed: number): TriangleMesh {
  const next = seededRandom(seed);
  const coordinate = () => {
    const v = Math.floor(next() * grid);
    return v === 0 && next() < 0.5 ? -0 : v;
  };
  const positions = new Float32Array(count * 9);
  for (let i = 0; i < positions.length; i++) positions[i] = coordinate();
  // Repeat some triangles, some of them reversed, so small closed patches appear too.
  for (let t = 1; t < count; t++) {
    if (next() < 0.2) {
      const from = Math.floor(next() * t) * 9;
      const copy = Array.from(positions.subarray(from, from + 9));
      if (next() < 0.5) copy.splice(3, 6, ...copy.slice(6, 9), ...copy.slice(3, 6));
      positions.set(copy, t * 9);
    }
  }
  return { positions, triangles: count };
}
