/**
 * The thumbnail rasterizer's work is bounded whatever the mesh (rasterizer.ts, fill budget): the
 * framing pass's estimate bounds what drawing visits; a picture within the budget is pixel for
 * pixel the unbudgeted one; over it the picture is drawn smaller (down to the caller's smallest
 * size), and past even that, drawing stops at the budget with what it drew. End to end: an STL of
 * 400,000 copies of one triangle that fills the picture (it used to keep a worker busy for
 * minutes inside the upload request) is ingested and gets thumbnails showing the triangle.
 */
import type { DesignCreated } from "@peerfab/protocol";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKGROUND_COLOUR, drawThumbnail, frameView, ProjectedExtent, type RasterSize, renderThumbnail, type TriangleBatches } from "../src/thumbnails/rasterizer.ts";
import { damagedTorus } from "./mesh-generators.ts";
import { startTestHub, type TestHub, upload } from "./helpers.ts";

/** One triangle in the XZ plane, seen from the front-right: its projection fills the framed picture. */
const TRIANGLE = [0, 0, 0, 100, 0, 0, 0, 0, 100];
const CENTROID = [100 / 3, 0, 100 / 3] as const;

function copiesOfOneTriangle(count: number): Float32Array {
  const positions = new Float32Array(count * 9);
  for (let t = 0; t < count; t++) positions.set(TRIANGLE, t * 9);
  return positions;
}

function binaryStl(positions: Float32Array): Uint8Array {
  const triangles = positions.length / 9;
  const bytes = new Uint8Array(84 + 50 * triangles);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, triangles, true);
  for (let t = 0; t < triangles; t++) for (let k = 0; k < 9; k++) view.setFloat32(84 + 50 * t + 12 + 4 * k, positions[t * 9 + k] as number, true);
  return bytes;
}

const whole = (positions: Float32Array): TriangleBatches => (visit) => visit(positions, positions.length / 9);

function fillWork(positions: Float32Array, size: RasterSize): number {
  const extent = new ProjectedExtent();
  extent.add(positions, positions.length / 9);
  return extent.fillWork(size);
}

/** The RGB at the projection of the triangle's centroid in a picture of `edge` × `edge` (RGB or RGBA rows). */
function centroidColour(pixels: Uint8Array, edge: number, channels: number): number[] {
  const [px, py] = frameView(new Float32Array(TRIANGLE), 1, { width: edge, height: edge }).project(...CENTROID);
  const i = (Math.floor(py) * edge + Math.floor(px)) * channels;
  return [pixels[i] ?? -1, pixels[i + 1] ?? -1, pixels[i + 2] ?? -1];
}

/** The brand orange at any brightness: red over green over blue, clearly saturated. */
const isModelColour = ([r = 0, g = 0, b = 0]: number[]) => r > g && g > b && r - b > 60;
const isBackground = (rgb: number[]) => rgb.every((v, i) => v === BACKGROUND_COLOUR[i]);

describe("the rasterizer's fill budget", () => {
  const torus = damagedTorus(300, 100, 21).positions;
  const size = { width: 320, height: 240 };

  it("estimates at least the pixels that drawing visits", () => {
    for (const positions of [torus, copiesOfOneTriangle(50)]) {
      const canvas = drawThumbnail(whole(positions), size, { fillBudget: Infinity });
      expect(canvas.visited).toBeGreaterThan(0);
      expect(canvas.visited).toBeLessThanOrEqual(fillWork(positions, size));
    }
  });

  it("draws a picture whose estimate is within the budget pixel for pixel as without one", () => {
    const budgeted = renderThumbnail(torus, torus.length / 9, size, { fillBudget: fillWork(torus, size) });
    const unbounded = renderThumbnail(torus, torus.length / 9, size, { fillBudget: Infinity });
    expect(Buffer.from(budgeted).equals(Buffer.from(unbounded))).toBe(true);
  });

  it("over the budget draws every triangle at half the size, when the caller allows that size", () => {
    const stack = copiesOfOneTriangle(40);
    const wanted = { width: 400, height: 400 };
    const budget = fillWork(stack, wanted) / 2; // over at 400², within at 200² (about a quarter)
    const canvas = drawThumbnail(whole(stack), wanted, { fillBudget: budget, smallest: { width: 200, height: 200 } });
    expect(canvas.size).toEqual({ width: 200, height: 200 });
    expect(canvas.complete).toBe(true);
    expect(canvas.visited).toBeLessThanOrEqual(budget);
    expect(isModelColour(centroidColour(canvas.rgba, 200, 4))).toBe(true);
  });

  it("stops drawing when even the smallest size would exceed the budget, and keeps what it drew", () => {
    const stack = copiesOfOneTriangle(1000);
    const wanted = { width: 400, height: 400 };
    const budget = 10 * wanted.width * wanted.height;
    const canvas = drawThumbnail(whole(stack), wanted, { fillBudget: budget, smallest: { width: 200, height: 200 } });
    expect(canvas.size).toEqual({ width: 200, height: 200 });
    expect(canvas.complete).toBe(false);
    expect(canvas.visited).toBeLessThanOrEqual(budget);
    expect(isModelColour(centroidColour(canvas.rgba, 200, 4))).toBe(true);
    // Without a smaller size allowed, the wanted size is kept and bounded the same way.
    const kept = drawThumbnail(whole(stack), wanted, { fillBudget: budget });
    expect([kept.size, kept.complete, kept.visited <= budget]).toEqual([wanted, false, true]);
  });
});

describe("uploading an STL of 400,000 copies of one picture-filling triangle", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("is ingested and gets thumbnails that show the triangle", { timeout: 120_000 }, async () => {
    const stl = binaryStl(copiesOfOneTriangle(400_000));
    expect(stl.length).toBe(20_000_084);
    const response = await upload(hub, { file: { bytes: stl, name: "stacked.stl" } });
    expect(response.status).toBe(201);
    const { design } = (await response.json()) as DesignCreated;
    const set = design.files[0]?.thumbnail;
    expect(set).toBeTruthy();
    for (const size of ["small", "large"] as const) {
      const image = await fetch(`${hub.url}${set?.[size].png}`);
      expect(image.status).toBe(200);
      const { data, info } = await sharp(Buffer.from(await image.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([set?.[size].edge, set?.[size].edge]);
      const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      expect(isModelColour(centroidColour(pixels, info.width, info.channels))).toBe(true);
      expect(isBackground([pixels[0] ?? -1, pixels[1] ?? -1, pixels[2] ?? -1])).toBe(true);
    }
  });
});
