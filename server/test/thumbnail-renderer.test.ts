import { describe, expect, it } from "vitest";
import { parseStl } from "../src/mesh/stl.ts";
import { encodeThumbnails, RENDER_EDGE, THUMBNAIL_SIZES } from "../src/thumbnails/image-encoder.ts";
import { BACKGROUND_COLOUR, frameView, renderThumbnail } from "../src/thumbnails/rasterizer.ts";
import sharp from "sharp";
import { stlFixture } from "./helpers.ts";

const SIZE = { width: 200, height: 160 };

async function cube() {
  const stl = await stlFixture("cube-binary.stl");
  return parseStl(new Uint8Array(stl.buffer, stl.byteOffset, stl.byteLength));
}

function pixel(rgba: Uint8Array, width: number, x: number, y: number): [number, number, number, number] {
  const i = (Math.round(y) * width + Math.round(x)) * 4;
  return [rgba[i] ?? -1, rgba[i + 1] ?? -1, rgba[i + 2] ?? -1, rgba[i + 3] ?? -1];
}

const brightness = ([r, g, b]: number[]) => (r ?? 0) + (g ?? 0) + (b ?? 0);
const isBackground = (p: number[]) => p[0] === BACKGROUND_COLOUR[0] && p[1] === BACKGROUND_COLOUR[1] && p[2] === BACKGROUND_COLOUR[2];
/** The brand orange at any brightness: red over green over blue, clearly saturated. */
const isModelColour = ([r, g, b]: number[]) => (r ?? 0) > (g ?? 0) && (g ?? 0) > (b ?? 0) && (r ?? 0) - (b ?? 0) > 60;

describe("renderThumbnail", () => {
  it("draws a 10 mm cube in the model colour, centred, on the background colour", async () => {
    const mesh = await cube();
    const rgba = renderThumbnail(mesh.positions, mesh.triangles, SIZE);
    expect(rgba.length).toBe(SIZE.width * SIZE.height * 4);
    const centre = pixel(rgba, SIZE.width, SIZE.width / 2, SIZE.height / 2);
    expect(isModelColour(centre)).toBe(true);
    expect(centre[3]).toBe(255);
    for (const [x, y] of [[0, 0], [SIZE.width - 1, 0], [0, SIZE.height - 1], [SIZE.width - 1, SIZE.height - 1]] as const) {
      expect(isBackground(pixel(rgba, SIZE.width, x, y))).toBe(true);
    }
  });

  it("shades the top face lighter than the side faces, and the lit front lighter than the right side", async () => {
    const mesh = await cube();
    const rgba = renderThumbnail(mesh.positions, mesh.triangles, SIZE);
    const view = frameView(mesh.positions, mesh.triangles, SIZE);
    const at = (x: number, y: number, z: number) => {
      const [px, py] = view.project(x, y, z);
      return pixel(rgba, SIZE.width, px, py);
    };
    const top = at(5, 5, 10);
    const front = at(5, 0, 5);
    const right = at(10, 5, 5);
    for (const face of [top, front, right]) expect(isModelColour(face)).toBe(true);
    expect(brightness(top)).toBeGreaterThan(brightness(front));
    expect(brightness(front)).toBeGreaterThan(brightness(right));
  });

  it("keeps the nearer surface where two overlap (depth buffer), whatever the triangle order", async () => {
    const mesh = await cube();
    const forward = renderThumbnail(mesh.positions, mesh.triangles, SIZE);
    const reversed = new Float32Array(mesh.positions.length);
    for (let t = 0; t < mesh.triangles; t++) reversed.set(mesh.positions.subarray(t * 9, t * 9 + 9), (mesh.triangles - 1 - t) * 9);
    expect(Buffer.from(renderThumbnail(reversed, mesh.triangles, SIZE)).equals(Buffer.from(forward))).toBe(true);
  });

  it("frames the model whatever its size and position: a 0.1 mm cube 1 m from the origin fills the image like a 10 mm one", async () => {
    const mesh = await cube();
    const moved = mesh.positions.map((v, i) => v * 0.01 + (i % 3 === 0 ? 1_000 : 0));
    const coverage = (rgba: Uint8Array) => {
      let n = 0;
      for (let i = 0; i < rgba.length; i += 4) if (!isBackground([rgba[i] ?? 0, rgba[i + 1] ?? 0, rgba[i + 2] ?? 0])) n++;
      return n / (rgba.length / 4);
    };
    const big = coverage(renderThumbnail(mesh.positions, mesh.triangles, SIZE));
    expect(big).toBeGreaterThan(0.3);
    expect(coverage(renderThumbnail(moved, mesh.triangles, SIZE))).toBeCloseTo(big, 1);
  });

  it("gives a plain background for an empty mesh", () => {
    const rgba = renderThumbnail(new Float32Array(0), 0, SIZE);
    expect(isBackground(pixel(rgba, SIZE.width, 100, 80))).toBe(true);
  });
});

describe("encodeThumbnails", () => {
  it("encodes the supersampled render as PNG and WebP at 256 and 640 pixels", async () => {
    const mesh = await cube();
    const rgba = renderThumbnail(mesh.positions, mesh.triangles, { width: RENDER_EDGE, height: RENDER_EDGE });
    const images = await encodeThumbnails(rgba, RENDER_EDGE, RENDER_EDGE);
    expect(images.map((i) => `${i.size}.${i.format}`).sort()).toEqual(["large.png", "large.webp", "small.png", "small.webp"]);
    for (const image of images) {
      const meta = await sharp(image.bytes).metadata();
      expect(meta.format).toBe(image.format);
      expect([meta.width, meta.height]).toEqual([THUMBNAIL_SIZES[image.size], THUMBNAIL_SIZES[image.size]]);
      expect(image.edge).toBe(THUMBNAIL_SIZES[image.size]);
    }
    // Downscaling anti-aliases: the silhouette has in-between colours, not only model and background.
    const small = images.find((i) => i.size === "small" && i.format === "png");
    const { data } = await sharp(small?.bytes).raw().toBuffer({ resolveWithObject: true });
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 3) colours.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    expect(colours.size).toBeGreaterThan(20);
  });
});
