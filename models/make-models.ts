/**
 * Generates PeerFab's sample designs as binary STL files (run: `npx tsx models/make-models.ts`).
 * Every mesh is closed and wound counter-clockwise seen from outside, so it is watertight and its
 * signed volume is positive. The designs are the project's own work, released under CC0-1.0.
 */
import { writeFileSync } from "node:fs";

type Point2 = readonly [number, number];
type Point3 = readonly [number, number, number];
type Triangle = readonly [Point3, Point3, Point3];

function normal([a, b, c]: Triangle): Point3 {
  const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const len = Math.hypot(n[0]!, n[1]!, n[2]!) || 1;
  return [n[0]! / len, n[1]! / len, n[2]! / len];
}

function binaryStl(name: string, triangles: readonly Triangle[]): Buffer {
  const out = Buffer.alloc(84 + 50 * triangles.length);
  out.write(`PeerFab sample design: ${name} (CC0-1.0)`.slice(0, 80), 0, "ascii");
  out.writeUInt32LE(triangles.length, 80);
  let at = 84;
  for (const t of triangles) {
    for (const value of [...normal(t), ...t[0], ...t[1], ...t[2]]) {
      out.writeFloatLE(value, at);
      at += 4;
    }
    at += 2; // attribute byte count
  }
  return out;
}

/**
 * Extrudes a simple polygon (counter-clockwise seen from +z) from z0 to z1. `fanFrom` is a vertex that
 * sees every other vertex (any vertex of a convex polygon, the reflex corner of an L).
 */
function extrude(polygon: readonly Point2[], z0: number, z1: number, fanFrom = 0): Triangle[] {
  const n = polygon.length;
  const at = (i: number) => polygon[((i % n) + n) % n]!;
  const triangles: Triangle[] = [];
  for (let k = 1; k < n - 1; k++) {
    const a = at(fanFrom);
    const b = at(fanFrom + k);
    const c = at(fanFrom + k + 1);
    triangles.push([[a[0], a[1], z1], [b[0], b[1], z1], [c[0], c[1], z1]]); // top, facing +z
    triangles.push([[a[0], a[1], z0], [c[0], c[1], z0], [b[0], b[1], z0]]); // bottom, facing -z
  }
  for (let i = 0; i < n; i++) {
    const p = at(i);
    const q = at(i + 1);
    triangles.push([[p[0], p[1], z0], [q[0], q[1], z0], [q[0], q[1], z1]]);
    triangles.push([[p[0], p[1], z0], [q[0], q[1], z1], [p[0], p[1], z1]]);
  }
  return triangles;
}

function circle(radius: number, segments: number, cx = 0, cy = 0): Point2[] {
  return Array.from({ length: segments }, (_, i): Point2 => {
    const a = (2 * Math.PI * i) / segments;
    return [cx + radius * Math.cos(a), cy + radius * Math.sin(a)];
  });
}

/** An open-top cup: outer wall, bottom, rim and inner wall down to a floor of thickness `floor`. */
function cup(outerRadius: number, wall: number, height: number, floor: number, segments: number): Triangle[] {
  const outer = circle(outerRadius, segments);
  const inner = circle(outerRadius - wall, segments);
  const triangles: Triangle[] = [];
  for (let i = 0; i < segments; i++) {
    const j = (i + 1) % segments;
    const [o0, o1, i0, i1] = [outer[i]!, outer[j]!, inner[i]!, inner[j]!];
    // outer wall, facing out
    triangles.push([[o0[0], o0[1], 0], [o1[0], o1[1], 0], [o1[0], o1[1], height]]);
    triangles.push([[o0[0], o0[1], 0], [o1[0], o1[1], height], [o0[0], o0[1], height]]);
    // bottom disc, facing -z
    triangles.push([[0, 0, 0], [o1[0], o1[1], 0], [o0[0], o0[1], 0]]);
    // rim annulus, facing +z
    triangles.push([[o0[0], o0[1], height], [o1[0], o1[1], height], [i1[0], i1[1], height]]);
    triangles.push([[o0[0], o0[1], height], [i1[0], i1[1], height], [i0[0], i0[1], height]]);
    // inner wall, facing the axis
    triangles.push([[i0[0], i0[1], floor], [i1[0], i1[1], height], [i1[0], i1[1], floor]]);
    triangles.push([[i0[0], i0[1], floor], [i0[0], i0[1], height], [i1[0], i1[1], height]]);
    // floor disc, facing +z
    triangles.push([[0, 0, floor], [i0[0], i0[1], floor], [i1[0], i1[1], floor]]);
  }
  return triangles;
}

const rect = (w: number, d: number): Point2[] => [[0, 0], [w, 0], [w, d], [0, d]];

const designs: Record<string, Triangle[]> = {
  "calibration-cube": extrude(rect(20, 20), 0, 20),
  // L profile in the x-z plane would need support; print it lying down: L in x-y, extruded 15 mm.
  "corner-bracket": extrude(
    [[0, 0], [40, 0], [40, 5], [5, 5], [5, 40], [0, 40]],
    0,
    15,
    3,
  ),
  "hex-coaster": extrude(circle(45, 6), 0, 4),
  "pencil-cup": cup(30, 2, 60, 2, 96),
};

const dir = new URL(".", import.meta.url);
for (const [slug, triangles] of Object.entries(designs)) {
  writeFileSync(new URL(`${slug}.stl`, dir), binaryStl(slug, triangles));
  console.log(`${slug}.stl: ${triangles.length} triangles`);
}
