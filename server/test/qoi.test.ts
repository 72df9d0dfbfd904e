/**
 * The QOI decoder against streams assembled by hand from the specification, one chunk type at a
 * time, with the expected pixels worked out on paper; and its refusals.
 */
import { describe, expect, it } from "vitest";
import { decodeQoi, QoiError } from "../src/thumbnails/qoi.ts";

function qoi(width: number, height: number, chunks: number[]): Uint8Array {
  const header = [0x71, 0x6f, 0x69, 0x66, 0, 0, 0, width, 0, 0, 0, height, 4, 0];
  return Uint8Array.from([...header, ...chunks, 0, 0, 0, 0, 0, 0, 0, 1]);
}

const pixels = ({ rgba }: { rgba: Uint8Array }) => Array.from({ length: rgba.length / 4 }, (_, i) => [...rgba.subarray(i * 4, i * 4 + 4)]);

describe("decodeQoi", () => {
  it("decodes every chunk type", () => {
    const image = decodeQoi(
      qoi(3, 2, [
        0xfe, 16, 32, 48, // QOI_OP_RGB → (16, 32, 48, 255), hashed to index 21
        0x72, // QOI_OP_DIFF dr +1, dg −2, db 0 → (17, 30, 48, 255)
        0xaa, 0x5a, // QOI_OP_LUMA dg +10, dr−dg −3, db−dg +2 → (24, 40, 60, 255)
        0xff, 1, 2, 3, 128, // QOI_OP_RGBA → (1, 2, 3, 128)
        0x15, // QOI_OP_INDEX 21 → (16, 32, 48, 255)
        0xc0, // QOI_OP_RUN of 1 → the same again
      ]),
    );
    expect(image.width).toBe(3);
    expect(image.height).toBe(2);
    expect(pixels(image)).toEqual([
      [16, 32, 48, 255],
      [17, 30, 48, 255],
      [24, 40, 60, 255],
      [1, 2, 3, 128],
      [16, 32, 48, 255],
      [16, 32, 48, 255],
    ]);
  });

  it("wraps differences around 0 and 255 and runs from the initial black", () => {
    // From (0, 0, 0, 255): dr −2 → 254; then a run of 2 repeats it.
    expect(pixels(decodeQoi(qoi(3, 1, [0x4a, 0xc1])))).toEqual([
      [254, 0, 0, 255],
      [254, 0, 0, 255],
      [254, 0, 0, 255],
    ]);
  });

  it("refuses what is not a whole QOI image", () => {
    expect(() => decodeQoi(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toThrow(QoiError);
    // PrusaSlicer-style header with no pixel data (as in fixtures/gcode/prusaslicer-thumbnails.gcode).
    expect(() => decodeQoi(new Uint8Array(Buffer.from("cW9pZgAAAAIAAAACBAA=", "base64")))).toThrow(/ends after 0 of 4 pixels/);
    expect(() => decodeQoi(qoi(1, 1, [0xfe, 1]).subarray(0, 16))).toThrow(/ends inside a chunk/);
    const huge = qoi(1, 1, []);
    huge.set([0x10, 0, 0, 0], 4);
    expect(() => decodeQoi(huge)).toThrow(/too large/);
  });
});
