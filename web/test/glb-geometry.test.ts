import { describe, expect, it } from "vitest";
import { clusterDecimate } from "../../server/src/mesh/preview/cluster-decimation.ts";
import { encodePreviewGlb } from "../../server/src/mesh/preview/preview-glb.ts";
import { parseGlbArrays } from "../src/viewer/glb-geometry.ts";
import { meshSize } from "../src/viewer/mesh-arrays.ts";

/** A 20 × 10 × 5 mm box at (100, 50, 0) as a triangle soup, like the hub's parsers give. */
function box(): Float32Array {
  const [x0, y0, z0, x1, y1, z1] = [100, 50, 0, 120, 60, 5];
  const c = [
    [x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0],
    [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1],
  ];
  const faces = [[0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4], [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7]];
  return Float32Array.from(faces.flatMap((f) => f.flatMap((v) => c[v] ?? [])));
}

describe("parseGlbArrays", () => {
  it("decodes the hub's meshopt-compressed, quantized preview back to millimetres", async () => {
    const positions = box();
    const glb = await encodePreviewGlb(clusterDecimate(positions, 12, 100_000));
    const bytes = glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer;
    const mesh = await parseGlbArrays(bytes);
    expect(mesh.triangles).toBe(12);
    const size = meshSize(mesh.positions);
    // int16 quantization over a 20 mm box: within a micrometre or so.
    expect(size.x).toBeCloseTo(20, 2);
    expect(size.y).toBeCloseTo(10, 2);
    expect(size.z).toBeCloseTo(5, 2);
    expect(Math.min(...mesh.positions.filter((_, i) => i % 3 === 0))).toBeCloseTo(100, 2);
    expect(mesh.positions).toHaveLength(12 * 9);
  });

  it("says what is wrong with bytes that are not a GLB", async () => {
    await expect(parseGlbArrays(new TextEncoder().encode("not a glb").buffer)).rejects.toThrow(/preview mesh cannot be read/);
  });
});
