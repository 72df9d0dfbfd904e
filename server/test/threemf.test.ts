import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyseMesh } from "../src/mesh/analysis.ts";
import { DEFAULT_MESH_LIMITS, MeshError, type MeshErrorCode } from "@peerfab/protocol/formats/mesh";
import { parseMeshFile } from "../src/mesh/mesh-file.ts";
import { parse3mf } from "@peerfab/protocol/formats/3mf";

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/3mf/${name}`, import.meta.url))));

function rejection(name: string, limits = DEFAULT_MESH_LIMITS): MeshError {
  try {
    parseMeshFile(fixture(name), limits, name);
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe("3MF builds as the hub reads and measures them", () => {
  it("reads a core 3MF (3MF Consortium box) in millimetres", () => {
    const build = parse3mf(fixture("box.3mf"), DEFAULT_MESH_LIMITS);
    const analysis = analyseMesh(build.mesh, build.parts);
    expect(analysis).toMatchObject({ triangles: 12, shells: 1, watertight: true, manifold: true, invertedTriangles: 0 });
    expect(analysis.size).toEqual({ x: 10, y: 20, z: 30 });
    expect(analysis.volumeMm3).toBeCloseTo(6000, 3);
  });

  it("places every build item with its transform and measures each one", () => {
    const build = parse3mf(fixture("multiple_cylinders.3mf"), DEFAULT_MESH_LIMITS);
    const analysis = analyseMesh(build.mesh, build.parts);
    expect(analysis.objects?.map((o) => [o.name, o.triangles])).toEqual(new Array(6).fill(["Cylinder", 88]));
    expect(analysis.shells).toBe(6);
    expect(analysis.size.x).toBeCloseTo(62, 4);
    const one = analysis.objects?.[0];
    expect(one?.volumeMm3).toBeCloseTo(analysis.volumeMm3 / 6, 3);
  });

  it("expands components, applies the unit (inch → mm) and the item transform", () => {
    const build = parse3mf(fixture("components-inch.3mf"), DEFAULT_MESH_LIMITS);
    const analysis = analyseMesh(build.mesh, build.parts);
    expect(analysis.triangles).toBe(24);
    expect(analysis.bbox.min).toEqual({ x: 0, y: 0, z: expect.closeTo(25.4, 4) });
    expect(analysis.bbox.max.x).toBeCloseTo(3 * 25.4, 4);
    expect(analysis.volumeMm3).toBeCloseTo(2 * 25.4 ** 3, 0);
    expect(analysis.shells).toBe(2);
    expect(analysis.objects).toMatchObject([{ name: "two cubes", objectId: "2", triangles: 24 }]);
  });

  it("follows Production-extension p:path components into other model parts", () => {
    const crafted = analyseMesh(parse3mf(fixture("production-parts.3mf"), DEFAULT_MESH_LIMITS).mesh);
    expect(crafted.bbox).toEqual({ min: { x: 5, y: 5, z: 0 }, max: { x: 25, y: 25, z: 20 } });
    expect(crafted.volumeMm3).toBeCloseTo(8000, 3);
    const gears = analyseMesh(parse3mf(fixture("cube_gears_prod.3mf"), DEFAULT_MESH_LIMITS).mesh);
    expect(gears).toMatchObject({ triangles: 25692, shells: 17, watertight: true, manifold: true });
    const prodBox = analyseMesh(parse3mf(fixture("box_prod.3mf"), DEFAULT_MESH_LIMITS).mesh);
    expect(prodBox.volumeMm3).toBeCloseTo(6000, 1);
  });

  // The parser's own refusals are tested in protocol/test/threemf.test.ts; here, the hub's routing by content.
  const bad: [string, MeshErrorCode, RegExp][] = [
    ["not-a-zip.3mf", "not-3mf", /'not-a-zip.3mf' is not a ZIP archive/],
    ["zip-bomb.3mf", "zip-too-large", /inflates more than 200 times/],
  ];
  it.each(bad)("an upload of %s is refused as %s", (name, code, message) => {
    const error = rejection(name);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
