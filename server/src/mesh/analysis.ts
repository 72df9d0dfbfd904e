/**
 * What the hub learns from a mesh. Triangles and the bounding box now; the measures that need a
 * full pass over shared edges (volume, surface area, watertightness) come with issue #4 and fill
 * the nullable fields without changing the shape callers see.
 */
import type { BoundingBox } from "@peerfab/protocol";
import type { StlMesh } from "./stl.ts";

export interface MeshAnalysis {
  triangles: number;
  /** Axis-aligned, millimetres. */
  bbox: BoundingBox;
  /** Enclosed volume in mm³ (signed-tetrahedra sum; meaningful for closed meshes). */
  volumeMm3: number | null;
  /** Surface area in mm². */
  areaMm2: number | null;
  /** Every edge shared by exactly two triangles. `null` until issue #4. */
  watertight: boolean | null;
}

export function analyseMesh(mesh: StlMesh): MeshAnalysis {
  const p = mesh.positions;
  const at = (i: number): number => p[i] as number;
  const min = { x: Infinity, y: Infinity, z: Infinity };
  const max = { x: -Infinity, y: -Infinity, z: -Infinity };
  let volume = 0;
  let area = 0;
  for (let o = 0; o < mesh.triangles * 9; o += 9) {
    for (let v = o; v < o + 9; v += 3) {
      const x = at(v), y = at(v + 1), z = at(v + 2);
      if (x < min.x) min.x = x;
      if (y < min.y) min.y = y;
      if (z < min.z) min.z = z;
      if (x > max.x) max.x = x;
      if (y > max.y) max.y = y;
      if (z > max.z) max.z = z;
    }
    const ax = at(o), ay = at(o + 1), az = at(o + 2);
    const bx = at(o + 3), by = at(o + 4), bz = at(o + 5);
    const cx = at(o + 6), cy = at(o + 7), cz = at(o + 8);
    // Signed volume of the tetrahedron (origin, a, b, c) = a · (b × c) / 6.
    volume += (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
    const ux = bx - ax, uy = by - ay, uz = bz - az;
    const vx = cx - ax, vy = cy - ay, vz = cz - az;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    area += Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
  }
  return {
    triangles: mesh.triangles,
    bbox: { min, max },
    volumeMm3: Math.abs(volume),
    areaMm2: area,
    watertight: null,
  };
}
