import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyseMesh } from "../src/mesh/analysis.ts";
import { MeshError, type MeshErrorCode } from "@peerfab/protocol/formats/mesh";
import { parseStl } from "../src/mesh/stl.ts";

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/stl/${name}`, import.meta.url))));

function rejection(name: string): MeshError {
  try {
    parseStl(fixture(name));
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe("parseStl", () => {
  it("reads a binary STL and measures a 10 mm cube", () => {
    const mesh = parseStl(fixture("cube-binary.stl"));
    expect(mesh).toMatchObject({ format: "binary", triangles: 12 });
    const analysis = analyseMesh(mesh);
    expect(analysis.bbox).toEqual({ min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 10, z: 10 } });
    expect(analysis.volumeMm3).toBeCloseTo(1000, 3);
    expect(analysis.areaMm2).toBeCloseTo(600, 3);
  });

  it("reads an ASCII STL with its offsets", () => {
    const mesh = parseStl(fixture("cube-ascii.stl"));
    expect(mesh).toMatchObject({ format: "ascii", triangles: 12 });
    expect(analyseMesh(mesh).bbox).toEqual({ min: { x: -5, y: 2, z: 0 }, max: { x: 15, y: 22, z: 20 } });
  });

  it("decides binary by size even when the header starts with 'solid'", () => {
    expect(parseStl(fixture("binary-solid-header.stl"))).toMatchObject({ format: "binary", triangles: 12 });
  });

  const bad: [string, MeshErrorCode, RegExp][] = [
    ["empty.stl", "empty-file", /empty/],
    ["not-an-stl.stl", "not-stl", /not an ASCII STL/],
    ["truncated-binary.stl", "truncated-stl", /promises 12 triangles.*cut off/],
    ["wrong-count.stl", "triangle-count-mismatch", /says 20 triangles but the file holds 12/],
    ["nan-coordinate.stl", "non-finite-coordinate", /NaN in triangle 4/],
    ["zero-triangles.stl", "zero-triangles", /no triangles/],
    ["zero-triangles-ascii.stl", "zero-triangles", /no triangles/],
    ["ascii-syntax-error.stl", "ascii-syntax", /line 6: 'ten' is not a number/],
    ["ascii-truncated.stl", "ascii-syntax", /ends inside a facet/],
  ];
  it.each(bad)("rejects %s as %s with a message saying what is wrong", (name, code, message) => {
    const error = rejection(name);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("names other file types it recognises", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(1)]);
    expect(() => parseStl(png)).toThrow(/PNG image, not an STL/);
  });
});
