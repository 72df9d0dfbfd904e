/**
 * The 3MF parser on its own (bytes → triangle soup in mm + build items), against the fixtures in
 * fixtures/3mf: geometry placed by units, components and build transforms, and every malformed
 * or hostile package refused with the code and sentence the uploader sees. The hub's analysis of
 * the same builds (volume, shells, watertight) is tested in server/test/threemf.test.ts.
 */
import { strToU8, zipSync } from "fflate";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse3mf } from "../src/formats/threemf/index.ts";
import { DEFAULT_MESH_LIMITS, MeshError, type MeshErrorCode, type MeshLimits } from "../src/formats/mesh.ts";

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/3mf/${name}`, import.meta.url))));

interface Box {
  min: [number, number, number];
  max: [number, number, number];
}

function bounds(positions: Float32Array): Box {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i++) {
    const axis = i % 3;
    const value = positions[i] as number;
    if (value < min[axis]!) min[axis] = value;
    if (value > max[axis]!) max[axis] = value;
  }
  return { min, max };
}

function rejection(name: string, limits: MeshLimits = DEFAULT_MESH_LIMITS): MeshError {
  try {
    parse3mf(fixture(name), limits);
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe("parse3mf", () => {
  it("reads a core 3MF (3MF Consortium box) in millimetres, one build item", () => {
    const build = parse3mf(fixture("box.3mf"), DEFAULT_MESH_LIMITS);
    expect(build.mesh.triangles).toBe(12);
    expect(build.mesh.positions).toHaveLength(12 * 9);
    const box = bounds(build.mesh.positions);
    expect(box.max.map((max, axis) => max - box.min[axis]!)).toEqual([10, 20, 30]);
    expect(build.parts).toEqual([{ name: expect.any(String), objectId: expect.any(String), firstTriangle: 0, triangles: 12 }]);
  });

  it("places every build item with its transform, each owning its own run of triangles", () => {
    const build = parse3mf(fixture("multiple_cylinders.3mf"), DEFAULT_MESH_LIMITS);
    expect(build.parts.map((p) => [p.name, p.firstTriangle, p.triangles])).toEqual([0, 1, 2, 3, 4, 5].map((i) => ["Cylinder", i * 88, 88]));
    const box = bounds(build.mesh.positions);
    expect(box.max[0] - box.min[0]).toBeCloseTo(62, 4);
    // Items are placed apart: the first item's triangles do not span the whole build.
    const first = bounds(build.mesh.positions.subarray(0, 88 * 9));
    expect(first.max[0] - first.min[0]).toBeLessThan(62);
  });

  it("expands components, applies the unit (inch → mm) and the item transform", () => {
    const build = parse3mf(fixture("components-inch.3mf"), DEFAULT_MESH_LIMITS);
    expect(build.mesh.triangles).toBe(24);
    const box = bounds(build.mesh.positions);
    expect(box.min[0]).toBeCloseTo(0, 4);
    expect(box.min[2]).toBeCloseTo(25.4, 4);
    expect(box.max[0]).toBeCloseTo(3 * 25.4, 4);
    expect(build.parts).toEqual([{ name: "two cubes", objectId: "2", firstTriangle: 0, triangles: 24 }]);
  });

  it("follows Production-extension p:path components into other model parts", () => {
    const crafted = bounds(parse3mf(fixture("production-parts.3mf"), DEFAULT_MESH_LIMITS).mesh.positions);
    expect(crafted).toEqual({ min: [5, 5, 0], max: [25, 25, 20] });
    const gears = parse3mf(fixture("cube_gears_prod.3mf"), DEFAULT_MESH_LIMITS);
    expect(gears.mesh.triangles).toBe(25692);
    expect(gears.parts).toHaveLength(17);
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

describe("3MF coordinates beyond float32", () => {
  const contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>`;
  const triangle = (x: string, transform = "") =>
    zipSync({
      "[Content_Types].xml": strToU8(contentTypes),
      "_rels/.rels": strToU8(rels),
      "3D/3dmodel.model": strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><resources><object id="1" type="model"><mesh><vertices><vertex x="0" y="0" z="0"/><vertex x="${x}" y="0" z="0"/><vertex x="0" y="1" z="0"/></vertices><triangles><triangle v1="0" v2="1" v3="2"/></triangles></mesh></object></resources><build><item objectid="1"${transform}/></build></model>`,
      ),
    });
  const refusal = (bytes: Uint8Array): MeshError => {
    try {
      parse3mf(bytes, DEFAULT_MESH_LIMITS);
    } catch (error) {
      if (error instanceof MeshError) return error;
      throw error;
    }
    throw new Error("expected a refusal");
  };

  it("refuses a coordinate that is a finite number but too large for a 32-bit float, naming the vertex", () => {
    const error = refusal(triangle("1e39"));
    expect(error.code).toBe("non-finite-coordinate");
    expect(error.message).toMatch(/vertex 1 of object 1/);
  });

  it("refuses a transform that pushes a vertex beyond float32's range", () => {
    const error = refusal(triangle("1e30", ` transform="1e20 0 0 0 1 0 0 0 1 0 0 0"`));
    expect(error.code).toBe("non-finite-coordinate");
  });

  it("still reads the largest float32 coordinates", () => {
    const { mesh } = parse3mf(triangle("3.4e38"), DEFAULT_MESH_LIMITS);
    expect(mesh.positions[3]).toBeCloseTo(3.4e38, -32);
  });
});
