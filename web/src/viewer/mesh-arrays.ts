/**
 * The one mesh shape the viewer draws: a triangle soup in millimetres. The parsers (STL, 3MF,
 * the hub's GLB preview) produce it in the parse worker, so the page only uploads it to the GPU.
 * No normals: the viewer shades each facet flat from screen-space derivatives, which halves what
 * a big model costs to move and upload. Pure.
 */
export interface MeshArrays {
  /** x, y, z per vertex, three vertices per triangle, in millimetres. */
  readonly positions: Float32Array;
  readonly triangles: number;
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
