/**
 * The measures that need no topology — bounding box, surface area and signed volume — summed
 * triangle by triangle in file order. The in-memory analysis sums a whole array at once, the
 * streamed one batch by batch into the same running totals; both go through
 * `accumulateSurface`, so the floating-point sums are the same operations in the same order and
 * the results are bit for bit equal.
 */
import type { BoundingBox, Vec3 } from "@peerfab/protocol";

export interface SurfaceTotals {
  minX: number;
  minY: number;
  minZ: number;
  maxX: number;
  maxY: number;
  maxZ: number;
  /** Σ signed tetrahedron volumes (origin, a, b, c). */
  volume: number;
  area: number;
}

export function emptySurfaceTotals(): SurfaceTotals {
  return { minX: Infinity, minY: Infinity, minZ: Infinity, maxX: -Infinity, maxY: -Infinity, maxZ: -Infinity, volume: 0, area: 0 };
}

/**
 * Adds `count` triangles of `p` (9 floats each, from index 0) to `totals`; when `volumes` is
 * given, writes each triangle's signed volume to it from index `at`.
 */
export function accumulateSurface(p: Float32Array, count: number, totals: SurfaceTotals, volumes: Float64Array | null = null, at = 0): void {
  let { minX, minY, minZ, maxX, maxY, maxZ, volume, area } = totals;
  for (let t = 0, o = 0; t < count; t++, o += 9) {
    const ax = p[o] as number, ay = p[o + 1] as number, az = p[o + 2] as number;
    const bx = p[o + 3] as number, by = p[o + 4] as number, bz = p[o + 5] as number;
    const cx = p[o + 6] as number, cy = p[o + 7] as number, cz = p[o + 8] as number;
    minX = Math.min(minX, ax, bx, cx);
    minY = Math.min(minY, ay, by, cy);
    minZ = Math.min(minZ, az, bz, cz);
    maxX = Math.max(maxX, ax, bx, cx);
    maxY = Math.max(maxY, ay, by, cy);
    maxZ = Math.max(maxZ, az, bz, cz);
    const v = signedVolume(ax, ay, az, bx, by, bz, cx, cy, cz);
    if (volumes) volumes[at + t] = v;
    volume += v;
    const ux = bx - ax, uy = by - ay, uz = bz - az;
    const wx = cx - ax, wy = cy - ay, wz = cz - az;
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    area += Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
  }
  Object.assign(totals, { minX, minY, minZ, maxX, maxY, maxZ, volume, area });
}

/** Signed volume of the tetrahedron (origin, a, b, c) = a · (b × c) / 6. */
export function signedVolume(ax: number, ay: number, az: number, bx: number, by: number, bz: number, cx: number, cy: number, cz: number): number {
  return (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
}

/** The signed volume of triangle `t` of `p`. */
export function triangleVolume(p: Float32Array, t: number): number {
  const o = t * 9;
  return signedVolume(
    p[o] as number, p[o + 1] as number, p[o + 2] as number,
    p[o + 3] as number, p[o + 4] as number, p[o + 5] as number,
    p[o + 6] as number, p[o + 7] as number, p[o + 8] as number,
  );
}

export function boundingBox(totals: SurfaceTotals): { bbox: BoundingBox; size: Vec3 } {
  const { minX, minY, minZ, maxX, maxY, maxZ } = totals;
  return {
    bbox: { min: { x: minX, y: minY, z: minZ }, max: { x: maxX, y: maxY, z: maxZ } },
    size: { x: maxX - minX, y: maxY - minY, z: maxZ - minZ },
  };
}
