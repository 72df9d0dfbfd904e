/**
 * Every unit 3MF Core allows (micron, millimeter, centimeter, inch, foot, meter) is converted to
 * millimetres, and a unit it does not allow is refused in words; the fixtures cover only inch.
 */
import { analyseMesh } from "../src/mesh/analysis.ts";
import { parseMeshFile } from "../src/mesh/mesh-file.ts";
import { DEFAULT_MESH_LIMITS, MeshError } from "@peerfab/protocol/formats/mesh";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";

/** A 3MF holding one box of 1 × 2 × 3 model units, in `unit`. */
function boxIn(unit: string): Uint8Array {
  const corners = [0, 1].flatMap((z) => [0, 1].flatMap((y) => [0, 1].map((x) => [x, 2 * y, 3 * z])));
  const faces = [
    [0, 2, 1], [1, 2, 3], [4, 5, 6], [5, 7, 6], [0, 1, 4], [1, 5, 4],
    [2, 6, 3], [3, 6, 7], [0, 4, 2], [2, 4, 6], [1, 3, 5], [3, 7, 5],
  ];
  const model = `<?xml version="1.0" encoding="UTF-8"?>
<model unit="${unit}" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
 <resources><object id="1" type="model"><mesh>
  <vertices>${corners.map(([x, y, z]) => `<vertex x="${x}" y="${y}" z="${z}"/>`).join("")}</vertices>
  <triangles>${faces.map(([a, b, c]) => `<triangle v1="${a}" v2="${b}" v3="${c}"/>`).join("")}</triangles>
 </mesh></object></resources>
 <build><item objectid="1"/></build>
</model>`;
  return zipSync({
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>`,
    ),
    "3D/3dmodel.model": strToU8(model),
  });
}

describe("3MF units", () => {
  it.each([
    ["micron", 0.001],
    ["millimeter", 1],
    ["centimeter", 10],
    ["inch", 25.4],
    ["foot", 304.8],
    ["meter", 1000],
  ])("reads a box in %s as millimetres (× %d)", (unit, mmPerUnit) => {
    const { mesh } = parseMeshFile(boxIn(unit), DEFAULT_MESH_LIMITS, "box.3mf");
    const analysis = analyseMesh(mesh);
    expect(analysis.size.x).toBeCloseTo(1 * mmPerUnit, 4);
    expect(analysis.size.y).toBeCloseTo(2 * mmPerUnit, 4);
    expect(analysis.size.z).toBeCloseTo(3 * mmPerUnit, 4);
    expect(analysis.watertight).toBe(true);
    expect(analysis.volumeMm3 / mmPerUnit ** 3).toBeCloseTo(6, 3);
  });

  it("refuses a unit 3MF does not define, naming the ones it does", () => {
    expect(() => parseMeshFile(boxIn("furlong"), DEFAULT_MESH_LIMITS, "box.3mf")).toThrow(MeshError);
    expect(() => parseMeshFile(boxIn("furlong"), DEFAULT_MESH_LIMITS, "box.3mf")).toThrow(/'furlong'.*micron, millimeter, centimeter, inch, foot, meter/);
  });
});
