/**
 * The one module that imports sharp: turns a supersampled RGBA render into the stored thumbnail
 * images — PNG and WebP, each at 256×256 ("small", gallery cards) and 640×640 ("large", design
 * page and the 3MF's embedded thumbnail). Downscaling with a Lanczos filter is the anti-aliasing.
 * Images a slicer embedded (G-code thumbnails, a plate package's PNG) become the same set:
 * decoded (PNG, JPEG; QOI arrives as raw RGBA), flattened onto the renderer's background and
 * fitted into each square.
 */
import sharp from "sharp";
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

export async function encodeThumbnails(rgba: Uint8Array, width: number, height: number): Promise<EncodedThumbnail[]> {
  const source = sharp(rgba, { raw: { width, height, channels: 4 } });
  const jobs: Promise<EncodedThumbnail>[] = [];
  for (const size of Object.keys(THUMBNAIL_SIZES) as ThumbnailSize[]) {
    const edge = THUMBNAIL_SIZES[size];
    const resized = source.clone().resize(edge, edge, { kernel: "lanczos3", fit: "contain" }).removeAlpha();
    for (const format of THUMBNAIL_FORMATS) {
      const encoded = format === "png" ? resized.clone().png({ compressionLevel: 9, palette: false }) : resized.clone().webp({ quality: 82 });
      jobs.push(encoded.toBuffer().then((buffer) => ({ size, format, edge, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) })));
    }
  }
  return Promise.all(jobs);
}

/** An image a slicer embedded: PNG or JPEG bytes, or pixels already decoded (QOI). */
export type EmbeddedImage = { encoded: Uint8Array } | { rgba: Uint8Array; width: number; height: number };

/** Largest accepted embedded image, in pixels (slicers embed a few hundred pixels a side). */
const MAX_EMBEDDED_PIXELS = 4096 * 4096;

/** Every size × format from an embedded image; rejects when sharp cannot decode it. */
export async function encodeEmbeddedThumbnails(image: EmbeddedImage): Promise<EncodedThumbnail[]> {
  const background = { r: BACKGROUND_COLOUR[0], g: BACKGROUND_COLOUR[1], b: BACKGROUND_COLOUR[2] };
  const source = (
    "encoded" in image
      ? sharp(image.encoded, { limitInputPixels: MAX_EMBEDDED_PIXELS, failOn: "error" })
      : sharp(image.rgba, { raw: { width: image.width, height: image.height, channels: 4 }, limitInputPixels: MAX_EMBEDDED_PIXELS })
  ).flatten({ background });
  const jobs: Promise<EncodedThumbnail>[] = [];
  for (const size of Object.keys(THUMBNAIL_SIZES) as ThumbnailSize[]) {
    const edge = THUMBNAIL_SIZES[size];
    const resized = source.clone().resize(edge, edge, { kernel: "lanczos3", fit: "contain", background });
    for (const format of THUMBNAIL_FORMATS) {
      const encoded = format === "png" ? resized.clone().png({ compressionLevel: 9, palette: false }) : resized.clone().webp({ quality: 82 });
      jobs.push(encoded.toBuffer().then((buffer) => ({ size, format, edge, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) })));
    }
  }
  return Promise.all(jobs);
}
