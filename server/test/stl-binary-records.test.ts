/**
 * Binary STL records decoded wherever the bytes sit in memory: a Buffer read from disk or a
 * pooled slice may start at any byte offset, and every other 50-byte record's floats are only
 * 2-byte aligned. Whatever the offset, the corners come out as the file's float32 values and a
 * NaN or infinite coordinate is refused naming its triangle.
 */
import { describe, expect, it } from "vitest";
import { MeshError } from "@peerfab/protocol/formats/mesh";
import { parseStl, readBinaryRecords } from "../src/mesh/stl.ts";

/** A binary STL of `corners` (9 numbers per triangle), with a distinct normal per triangle. */
function binaryStl(corners: readonly number[]): Uint8Array {
  const triangles = corners.length / 9;
  const bytes = new Uint8Array(84 + 50 * triangles);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, triangles, true);
  for (let t = 0; t < triangles; t++) {
    const record = 84 + 50 * t;
    view.setFloat32(record, t + 0.5, true);
    for (let k = 0; k < 9; k++) view.setFloat32(record + 12 + 4 * k, corners[t * 9 + k] as number, true);
    view.setUint16(record + 48, 0xbeef, true);
  }
  return bytes;
}

/** The same bytes starting `offset` bytes into a larger buffer. */
function at(offset: number, bytes: Uint8Array): Uint8Array {
  const host = new Uint8Array(bytes.length + offset + 3);
  host.set(bytes, offset);
  return host.subarray(offset, offset + bytes.length);
}

function rejection(bytes: Uint8Array): MeshError {
  try {
    parseStl(bytes);
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error("accepted");
}

// Values with every kind of float32 bit pattern: signs, fractions, subnormal, huge, -0.
const corners = Array.from({ length: 7 * 9 }, (_, i) => Math.fround((i % 2 ? -1 : 1) * (i * 1.37 + 1 / (i + 3)) * 10 ** ((i % 7) - 3)));
corners[5] = -0;
corners[13] = 1e-40;
corners[22] = 3.0e38;

describe("binary STL records", () => {
  it.each([0, 1, 2, 3])("decodes every corner bit for bit at byte offset %i", (offset) => {
    const mesh = parseStl(at(offset, binaryStl(corners)));
    expect(mesh.triangles).toBe(7);
    expect(Array.from(mesh.positions)).toEqual(corners.map((v) => Math.fround(v)));
    expect(Object.is(mesh.positions[5], -0)).toBe(true);
  });

  it.each([
    [0, 2, NaN],
    [1, 3, NaN],
    [2, 4, Infinity],
    [3, 5, -Infinity],
  ])("at offset %i refuses the non-finite coordinate of triangle %i (%s), naming it", (offset, triangle, value) => {
    const bad = [...corners];
    bad[(triangle - 1) * 9 + 4] = value;
    const error = rejection(at(offset, binaryStl(bad)));
    expect(error.code).toBe("non-finite-coordinate");
    expect(error.message).toContain(`${String(value)} in triangle ${triangle} `);
  });

  it("decodes records into the right place when read in pieces (as the file reader does)", () => {
    const records = binaryStl(corners).subarray(84);
    const positions = new Float32Array(corners.length);
    // Three records, then four, each piece at an odd offset of its own buffer.
    expect(readBinaryRecords(at(1, records.subarray(0, 150)), positions, 0)).toBe(3);
    expect(readBinaryRecords(at(3, records.subarray(150)), positions, 3)).toBe(4);
    expect(Array.from(positions)).toEqual(corners.map((v) => Math.fround(v)));
  });

  it.each([0, 1])("names a bad triangle by its number in the file when a batch of records is decoded on its own (byte offset %i)", (offset) => {
    const bad = [...corners];
    bad[5 * 9 + 2] = NaN; // triangle 6 of the file
    const records = binaryStl(bad).subarray(84);
    // Records 4–7 of the file (0-based 3…6) decoded into the start of a batch buffer.
    const batch = at(offset, records.subarray(3 * 50));
    const error = (() => {
      try {
        readBinaryRecords(batch, new Float32Array(4 * 9), 0, 3);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MeshError);
    expect(error).toEqual(rejection(binaryStl(bad)));
  });
});
