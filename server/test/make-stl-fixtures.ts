/**
 * Writes the STL fixtures in repo-root `fixtures/stl/` (committed; rerun after changing this file):
 *   npx tsx server/test/make-stl-fixtures.ts
 * Every file is a 10 mm cube (12 triangles) or a deliberately broken variant of one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const out = fileURLToPath(new URL("../../fixtures/stl/", import.meta.url));

type Tri = [number, number, number][];
/** A closed, outward-wound cube from (0,0,0) to (size,size,size). */
function cube(size: number): Tri[] {
  const c = (x: number, y: number, z: number): [number, number, number] => [x * size, y * size, z * size];
  const quads: [number, number, number][][] = [
    [c(0, 0, 0), c(0, 1, 0), c(1, 1, 0), c(1, 0, 0)], // bottom (z=0), normal -z
    [c(0, 0, 1), c(1, 0, 1), c(1, 1, 1), c(0, 1, 1)], // top
    [c(0, 0, 0), c(1, 0, 0), c(1, 0, 1), c(0, 0, 1)], // front (y=0)
    [c(0, 1, 0), c(0, 1, 1), c(1, 1, 1), c(1, 1, 0)], // back
    [c(0, 0, 0), c(0, 0, 1), c(0, 1, 1), c(0, 1, 0)], // left (x=0)
    [c(1, 0, 0), c(1, 1, 0), c(1, 1, 1), c(1, 0, 1)], // right
  ];
  return quads.flatMap(([a, b, cc, d]) => [
    [a, b, cc],
    [a, cc, d],
  ] as Tri[]);
}

function binary(tris: Tri[], header = "PeerFab test fixture", declared = tris.length): Buffer {
  const buf = Buffer.alloc(84 + 50 * tris.length);
  buf.write(header.padEnd(80, " ").slice(0, 80), 0, "latin1");
  buf.writeUInt32LE(declared, 80);
  tris.forEach((tri, t) => {
    const o = 84 + t * 50;
    tri.forEach((v, i) => v.forEach((n, k) => buf.writeFloatLE(n, o + 12 + i * 12 + k * 4)));
  });
  return buf;
}

function ascii(tris: Tri[], name = "cube"): string {
  const facets = tris.map(
    (tri) =>
      `  facet normal 0 0 0\n    outer loop\n${tri.map((v) => `      vertex ${v.join(" ")}`).join("\n")}\n    endloop\n  endfacet`,
  );
  return `solid ${name}\n${facets.join("\n")}\nendsolid ${name}\n`;
}

mkdirSync(out, { recursive: true });
const write = (name: string, data: string | Buffer) => writeFileSync(join(out, name), data);
const cube10 = cube(10);
const shifted = cube(20).map((tri) => tri.map(([x, y, z]) => [x - 5, y + 2, z]) as Tri);

write("cube-binary.stl", binary(cube10));
write("cube-ascii.stl", ascii(shifted, "shifted cube"));
write("binary-solid-header.stl", binary(cube10, "solid exported by a CAD program that writes binary"));
write("truncated-binary.stl", binary(cube10).subarray(0, 84 + 50 * 7 + 23));
write("wrong-count.stl", binary(cube10, "PeerFab test fixture", 20));
const nan = binary(cube10);
nan.writeFloatLE(Number.NaN, 84 + 50 * 3 + 12 + 4);
write("nan-coordinate.stl", nan);
write("zero-triangles.stl", binary([]));
write("zero-triangles-ascii.stl", "solid empty\nendsolid empty\n");
write(
  "ascii-syntax-error.stl",
  ascii(cube10).replace("      vertex 10 10 0\n    endloop", "      vertex 10 ten 0\n    endloop"),
);
write("ascii-truncated.stl", ascii(cube10).split("\n").slice(0, 20).join("\n"));
write("not-an-stl.stl", "G28 ; home all axes\nG1 X10 Y10 F3000\nM104 S200\n");
write("empty.stl", "");
console.log(`wrote STL fixtures to ${out}`);
