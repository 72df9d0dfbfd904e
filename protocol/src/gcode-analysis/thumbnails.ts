/**
 * Thumbnails embedded in G-code comments, as PrusaSlicer, SuperSlicer, OrcaSlicer and Cura's
 * thumbnail plug-in write them:
 *
 *     ; thumbnail begin 16x16 1234        (or thumbnail_JPG / thumbnail_QOI)
 *     ; iVBORw0KGgoAAAANSUhEUgAA…
 *     ; thumbnail end
 *
 * The base64 text is kept as is; decoding to an image is the hub's job. Memory is bounded:
 * at most {@link MAX_THUMBNAILS} images of {@link MAX_BASE64} characters each; larger ones
 * are dropped.
 */
import type { GcodeThumbnail, ThumbnailFormat } from "./types.ts";

const MAX_THUMBNAILS = 8;
const MAX_BASE64 = 4 * 1024 * 1024;
const BEGIN = /^thumbnail(?:_(PNG|JPG|QOI))? begin (\d+)x(\d+)(?: (\d+))?/i;

export class ThumbnailCollector {
  readonly thumbnails: GcodeThumbnail[] = [];
  private open: { width: number; height: number; format: ThumbnailFormat; parts: string[]; length: number } | null =
    null;

  /** True while inside a `thumbnail begin` … `end` block. */
  get collecting(): boolean {
    return this.open !== null;
  }

  /** Reads one comment (text after `;`, trimmed). Returns true if it belonged to a thumbnail. */
  read(comment: string): boolean {
    const open = this.open;
    if (open !== null) {
      if (/^thumbnail(?:_\w+)? end/i.test(comment)) {
        if (open.length <= MAX_BASE64 && this.thumbnails.length < MAX_THUMBNAILS) {
          this.thumbnails.push({
            width: open.width,
            height: open.height,
            format: open.format,
            base64: open.parts.join(""),
          });
        }
        this.open = null;
        return true;
      }
      open.length += comment.length;
      if (open.length <= MAX_BASE64) open.parts.push(comment);
      else open.parts.length = 0;
      return true;
    }
    if (comment.charCodeAt(0) !== 116 /* t */ && comment.charCodeAt(0) !== 84 /* T */) return false;
    const begin = BEGIN.exec(comment);
    if (!begin) return false;
    const kind = (begin[1] ?? "PNG").toLowerCase();
    this.open = {
      width: Number(begin[2]),
      height: Number(begin[3]),
      format: kind === "jpg" ? "jpg" : kind === "qoi" ? "qoi" : "png",
      parts: [],
      length: 0,
    };
    return true;
  }
}
