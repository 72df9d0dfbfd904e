import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyseMesh } from "../src/mesh/analysis.ts";
import { MeshError, type MeshErrorCode } from "../src/mesh/mesh-error.ts";
import { parseMeshFile } from "../src/mesh/mesh-file.ts";
import { parse3mf } from "../src/mesh/threemf/parse-3mf.ts";
import { DEFAULT_MESH_LIMITS } from "../src/mesh/triangle-mesh.ts";

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

describe("parse3mf", () => {
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

  const bad: [string, MeshErrorCode, RegExp][] = [
    ["not-a-zip.3mf", "not-3mf", /not a ZIP archive/],
    ["missing-content-types.3mf", "missing-3mf-part", /\[Content_Types\]\.xml' is missing/],
    ["missing-rels.3mf", "missing-3mf-part", /_rels\/\.rels' are missing/],
    ["missing-model.3mf", "missing-3mf-part", /'3d\/3dmodel.model' named in '_rels\/.rels' is not in the archive/],
    ["malformed-xml.3mf", "malformed-xml", /'3D\/3dmodel.model' is not well-formed XML/],
    ["doctype-entity.3mf", "xml-doctype", /declares a DOCTYPE/],
    ["escaping-entry.3mf", "unsafe-zip-entry", /'..\/..\/evil.sh' escapes the archive/],
    ["zip-bomb.3mf", "zip-too-large", /inflates more than 200 times/],
    ["vertex-index-out-of-range.3mf", "invalid-3mf", /triangle 6 of object 1 has v3="8", but the object's vertices are numbered 0 to 7/],
    ["missing-object.3mf", "invalid-3mf", /build item 1 refers to object 9/],
    ["component-cycle.3mf", "invalid-3mf", /cycle: object 2 → 3 → 2/],
  ];
  it.each(bad)("rejects %s as %s, saying what is wrong", (name, code, message) => {
    const error = rejection(name);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("stops inflating at the total size limit", () => {
    const error = rejection("cube_gears_prod.3mf", { ...DEFAULT_MESH_LIMITS, maxUncompressedBytes: 256 * 1024 });
    expect(error.code).toBe("zip-too-large");
    expect(error.message).toMatch(/more than 256 KB/);
  });

  it("refuses a build with more triangles than the limit", () => {
    const error = rejection("components-inch.3mf", { ...DEFAULT_MESH_LIMITS, maxTriangles: 20 });
    expect(error.code).toBe("too-many-triangles");
    expect(error.message).toMatch(/24 triangles, more than this hub's limit of 20/);
  });
});
