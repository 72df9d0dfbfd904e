/**
 * A closed, outward-wound torus, finely tessellated: `2 · rings · segments` triangles sharing
 * every vertex with six neighbours — a realistic mesh for welding and the watertight check.
 */
export interface IndexedMesh {
  /** x y z per vertex, millimetres. */
  vertices: Float32Array;
  /** Three vertex ids per triangle, counter-clockwise seen from outside. */
  triangles: Uint32Array;
}

export function torus(rings: number, segments: number, major = 40, minor = 12): IndexedMesh {
  const vertices = new Float32Array(rings * segments * 3);
  for (let i = 0; i < rings; i++) {
    const u = (i / rings) * Math.PI * 2;
    for (let j = 0; j < segments; j++) {
      const v = (j / segments) * Math.PI * 2;
      const o = (i * segments + j) * 3;
      vertices[o] = (major + minor * Math.cos(v)) * Math.cos(u);
      vertices[o + 1] = (major + minor * Math.cos(v)) * Math.sin(u);
      vertices[o + 2] = minor * Math.sin(v);
    }
  }
  const triangles = new Uint32Array(rings * segments * 6);
  let t = 0;
  for (let i = 0; i < rings; i++) {
    const i1 = (i + 1) % rings;
    for (let j = 0; j < segments; j++) {
      const j1 = (j + 1) % segments;
      const a = i * segments + j, b = i1 * segments + j, c = i1 * segments + j1, d = i * segments + j1;
      triangles.set([a, b, c, a, c, d], t);
      t += 6;
    }
  }
  return { vertices, triangles };
}

/** The mesh as a binary STL (normals left zero, as many exporters do). */
export function toBinaryStl(mesh: IndexedMesh): Uint8Array {
  const count = mesh.triangles.length / 3;
  const bytes = new Uint8Array(84 + 50 * count);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode("PeerFab bench torus"));
  view.setUint32(80, count, true);
  for (let t = 0; t < count; t++) {
    let o = 84 + t * 50 + 12;
    for (let k = 0; k < 3; k++) {
      const v = (mesh.triangles[t * 3 + k] as number) * 3;
      for (let axis = 0; axis < 3; axis++, o += 4) view.setFloat32(o, mesh.vertices[v + axis] as number, true);
    }
  }
  return bytes;
}
