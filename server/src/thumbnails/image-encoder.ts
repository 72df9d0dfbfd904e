/**
 * The one module that imports sharp: turns a supersampled RGBA render into the stored thumbnail
 * images — PNG and WebP, each at 256×256 ("small", gallery cards) and 640×640 ("large", design
 * page and the 3MF's embedded thumbnail). Downscaling with a Lanczos filter is the anti-aliasing.
 * Images a slicer embedded (G-code thumbnails, a plate package's PNG) become the same set:
 * decoded (PNG, JPEG; QOI arrives as raw RGBA), flattened onto the renderer's background and
 * fitted into each square.
 *
 * Memory per ingest stays small and steady (bench:upload): every image gets a pipeline of its own
 * over the same pixels, which sharp wraps without copying — `clone()` deep-copies its input
 * (structuredClone), 6.5 MB per clone at 1280², so the six clones this took left ~39 MB of
 * garbage that the hub's RSS carried until some later collection — and the images are encoded
 * one after another, so libvips holds one pipeline's buffers at a time.
 */
import sharp, { type Sharp } from "sharp";
import { BACKGROUND_COLOUR } from "./rasterizer.ts";

export const THUMBNAIL_SIZES = { small: 256, large: 640 } as const;
export type ThumbnailSize = keyof typeof THUMBNAIL_SIZES;
export const THUMBNAIL_FORMATS = ["png", "webp"] as const;
export type ThumbnailFormat = (typeof THUMBNAIL_FORMATS)[number];

/** Render at twice the large size, so both sizes are downscaled (supersampled). */
export const RENDER_EDGE = THUMBNAIL_SIZES.large * 2;

export interface EncodedThumbnail {
  size: ThumbnailSize;
  format: ThumbnailFormat;
  /** Width and height in pixels (thumbnails are square). */
  edge: number;
  bytes: Uint8Array;
}

export function encodeThumbnails(rgba: Uint8Array, width: number, height: number): Promise<EncodedThumbnail[]> {
  return encodeEach((edge) => sharp(rgba, { raw: { width, height, channels: 4 } }).resize(edge, edge, { kernel: "lanczos3", fit: "contain" }).removeAlpha());
}

/** Every size × format, each from a new pipeline `fitted` into an `edge`-pixel square, one encode at a time. */
async function encodeEach(fitted: (edge: number) => Sharp): Promise<EncodedThumbnail[]> {
  const images: EncodedThumbnail[] = [];
  for (const size of Object.keys(THUMBNAIL_SIZES) as ThumbnailSize[]) {
    const edge = THUMBNAIL_SIZES[size];
    for (const format of THUMBNAIL_FORMATS) {
      const square = fitted(edge);
      const buffer = await (format === "png" ? square.png({ compressionLevel: 9, palette: false }) : square.webp({ quality: 82 })).toBuffer();
      images.push({ size, format, edge, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) });
    }
  }
  return images;
}

/** An image a slicer embedded: PNG or JPEG bytes, or pixels already decoded (QOI). */
export type EmbeddedImage = { encoded: Uint8Array } | { rgba: Uint8Array; width: number; height: number };

/** Largest accepted embedded image, in pixels (slicers embed a few hundred pixels a side). */
const MAX_EMBEDDED_PIXELS = 4096 * 4096;

/** Every size × format from an embedded image; rejects when sharp cannot decode it. */
export function encodeEmbeddedThumbnails(image: EmbeddedImage): Promise<EncodedThumbnail[]> {
  const background = { r: BACKGROUND_COLOUR[0], g: BACKGROUND_COLOUR[1], b: BACKGROUND_COLOUR[2] };
  const decoded = () =>
    "encoded" in image
      ? sharp(image.encoded, { limitInputPixels: MAX_EMBEDDED_PIXELS, failOn: "error" })
      : sharp(image.rgba, { raw: { width: image.width, height: image.height, channels: 4 }, limitInputPixels: MAX_EMBEDDED_PIXELS });
  return encodeEach((edge) => decoded().flatten({ background }).resize(edge, edge, { kernel: "lanczos3", fit: "contain", background }));
}
