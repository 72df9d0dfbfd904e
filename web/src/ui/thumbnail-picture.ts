/**
 * A design thumbnail rendered by the hub: `<picture>` with a WebP source and a PNG fallback, both
 * offering the small and large size (`srcset` … `w`) so the browser picks by the displayed width.
 * Lazy, with width and height set so the layout does not jump. If the image fails to load,
 * `onFail` runs (the caller puts its placeholder back).
 */
import type { ThumbnailSet } from "@peerfab/protocol";
import { el } from "./dom.ts";

export interface ThumbnailPictureOptions {
  alt: string;
  /** The `sizes` attribute: how wide the image is shown, e.g. "(max-width: 600px) 100vw, 260px". */
  sizes: string;
  /** Which size the intrinsic width/height (and the src of old browsers) come from. */
  base: "small" | "large";
  /** "eager" for the one image that is the page's main content. */
  loading?: "lazy" | "eager";
  onFail?: () => void;
}

export function thumbnailPicture(set: ThumbnailSet, options: ThumbnailPictureOptions): HTMLPictureElement {
  const srcset = (format: "png" | "webp") => `${set.small[format]} ${set.small.edge}w, ${set.large[format]} ${set.large.edge}w`;
  const base = set[options.base];
  const img = el("img", {
    src: base.png,
    srcset: srcset("png"),
    sizes: options.sizes,
    width: base.edge,
    height: base.edge,
    alt: options.alt,
    loading: options.loading ?? "lazy",
    decoding: "async",
    "data-testid": "design-thumbnail",
  });
  if (options.onFail) img.addEventListener("error", options.onFail, { once: true });
  return el("picture", { class: "thumbnail" }, el("source", { type: "image/webp", srcset: srcset("webp"), sizes: options.sizes }), img);
}
