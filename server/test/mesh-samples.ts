/** Small distinct meshes for tests that need many different files: closed ASCII STL tetrahedra of a given edge length. */

export function tetrahedronStl(edge: number, name = "tetra"): Buffer {
  const v = [
    [0, 0, 0],
    [edge, 0, 0],
    [0, edge, 0],
    [0, 0, edge],
  ] as const;
  const faces = [
    [0, 2, 1],
    [0, 1, 3],
    [0, 3, 2],
    [1, 2, 3],
  ] as const;
  const facets = faces.map((face) => {
    const corners = face.map((i) => `      vertex ${v[i].join(" ")}`).join("\n");
    return `  facet normal 0 0 0\n    outer loop\n${corners}\n    endloop\n  endfacet`;
  });
  return Buffer.from(`solid ${name}\n${facets.join("\n")}\nendsolid ${name}\n`);
}
