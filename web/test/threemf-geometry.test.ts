import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { meshSize } from "../src/viewer/mesh-arrays.ts";
import { parse3mfArrays } from "../src/viewer/threemf-geometry.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
function bytes(path: string): ArrayBuffer {
  const b = readFileSync(root + path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

describe("parse3mfArrays (the viewer's 3MF, in the worker)", () => {
  it("places a Production-extension object from its own model part by the build transform", () => {
    const mesh = parse3mfArrays(bytes("fixtures/3mf/production-parts.3mf"));
    expect(mesh.triangles).toBe(12);
    expect(meshSize(mesh.positions)).toEqual({ x: 20, y: 20, z: 20 });
  });

  it("renders every part of the 3MF consortium's cube_gears_prod sample (17 build items)", () => {
    const mesh = parse3mfArrays(bytes("fixtures/3mf/cube_gears_prod.3mf"));
    expect(mesh.triangles).toBe(25_692);
    const size = meshSize(mesh.positions);
    expect(size.x).toBeCloseTo(168, 1);
    expect(size.y).toBeCloseTo(125.1, 1);
    expect(size.z).toBeCloseTo(33.6, 1);
  });

  it("applies the model's unit (inches → mm)", () => {
    const mesh = parse3mfArrays(bytes("fixtures/3mf/components-inch.3mf"));
    expect(meshSize(mesh.positions).x).toBeCloseTo(76.2, 3);
  });

  it("refuses a damaged 3MF with the hub's sentence", () => {
    expect(() => parse3mfArrays(bytes("fixtures/3mf/not-a-zip.3mf"))).toThrow(/not a ZIP archive/);
    expect(() => parse3mfArrays(bytes("fixtures/3mf/escaping-entry.3mf"))).toThrow(/escapes the archive/);
    expect(() => parse3mfArrays(new ArrayBuffer(0))).toThrow(/empty/);
  });
});
