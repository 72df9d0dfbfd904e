import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseStl } from "../src/viewer/stl-geometry.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
function bytes(path: string): ArrayBuffer {
  const b = readFileSync(root + path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
function extent(positions: Float32Array): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 1) {
    const axis = i % 3;
    const v = positions[i] ?? 0;
    min[axis] = Math.min(min[axis] ?? Infinity, v);
    max[axis] = Math.max(max[axis] ?? -Infinity, v);
  }
  return { min, max };
}

describe("parseStl", () => {
  it("reads a binary STL into triangles", () => {
    const mesh = parseStl(bytes("fixtures/print/cube-10mm.stl"));
    expect(mesh.triangles).toBe(12);
    expect(mesh.positions).toHaveLength(12 * 9);
    const { min, max } = extent(mesh.positions);
    expect(max.map((v, i) => v - (min[i] ?? 0))).toEqual([10, 10, 10]);
  });

  it("reads an ASCII STL", () => {
    const mesh = parseStl(bytes("fixtures/stl/cube-ascii.stl"));
    expect(mesh.triangles).toBe(12);
    const { min, max } = extent(mesh.positions);
    expect(min).toEqual([-5, 2, 0]);
    expect(max).toEqual([15, 22, 20]);
  });

  it("reads every sample design the hub seeds", () => {
    expect(parseStl(bytes("models/calibration-cube.stl")).triangles).toBe(12);
    expect(parseStl(bytes("models/corner-bracket.stl")).triangles).toBe(20);
    expect(parseStl(bytes("models/hex-coaster.stl")).triangles).toBe(20);
    expect(parseStl(bytes("models/pencil-cup.stl")).triangles).toBe(768);
  });

  it("explains why an unusable file cannot be previewed", () => {
    expect(() => parseStl(new ArrayBuffer(0))).toThrow(/empty/);
    expect(() => parseStl(bytes("fixtures/stl/zero-triangles.stl"))).toThrow(/no triangles/);
    expect(() => parseStl(bytes("fixtures/stl/nan-coordinate.stl"))).toThrow(/not numbers/);
    expect(() => parseStl(bytes("fixtures/stl/truncated-binary.stl"))).toThrow(/not a readable STL/);
  });
});
