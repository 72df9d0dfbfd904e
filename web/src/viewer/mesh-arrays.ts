/**
 * The one mesh shape the viewer draws: a triangle soup in millimetres with one normal per
 * corner. Both parsers (STL, 3MF) produce it in the parse worker, so the page only uploads it
 * to the GPU. Pure.
 */
export interface MeshArrays {
  /** x, y, z per vertex, three vertices per triangle, in millimetres. */
  readonly positions: Float32Array;
  /** One unit normal per vertex (the triangle's own, so facets look flat); null when not computed. */
  readonly normals: Float32Array | null;
  readonly triangles: number;
}

/**
 * Flat normals of a triangle soup: each corner gets its triangle's unit normal (right-hand
 * rule over corners 1, 2, 3). Degenerate triangles get (0, 0, 1) so lighting never sees NaN.
 */
export function faceNormals(positions: Float32Array): Float32Array {
  const normals = new Float32Array(positions.length);
  for (let i = 0; i + 8 < positions.length; i += 9) {
    const ax = positions[i] as number, ay = positions[i + 1] as number, az = positions[i + 2] as number;
    const ux = (positions[i + 3] as number) - ax, uy = (positions[i + 4] as number) - ay, uz = (positions[i + 5] as number) - az;
    const vx = (positions[i + 6] as number) - ax, vy = (positions[i + 7] as number) - ay, vz = (positions[i + 8] as number) - az;
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const length = Math.hypot(nx, ny, nz);
    if (length > 0 && Number.isFinite(length)) {
      nx /= length;
      ny /= length;
      nz /= length;
    } else {
      nx = 0;
      ny = 0;
      nz = 1;
    }
    for (let k = 0; k < 9; k += 3) {
      normals[i + k] = nx;
      normals[i + k + 1] = ny;
      normals[i + k + 2] = nz;
    }
  }
  return normals;
}

/** Size of the soup's bounding box along each axis (0 for an empty soup). */
export function meshSize(positions: Float32Array): { x: number; y: number; z: number } {
  if (positions.length < 3) return { x: 0, y: 0, z: 0 };
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      const v = positions[i + a] as number;
      if (v < (min[a] as number)) min[a] = v;
      if (v > (max[a] as number)) max[a] = v;
    }
  }
  return { x: (max[0] as number) - (min[0] as number), y: (max[1] as number) - (min[1] as number), z: (max[2] as number) - (min[2] as number) };
}
