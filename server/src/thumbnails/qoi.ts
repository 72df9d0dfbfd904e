/**
 * QOI ("Quite OK Image") decoder, as a pure function over bytes. Spec:
 * https://qoiformat.org/qoi-specification.pdf (version 1.0, 2022). PrusaSlicer embeds QOI
 * thumbnails in G-code for printers with small screens; sharp (libvips) cannot read QOI, so the
 * hub decodes it to RGBA here and hands the pixels to the image encoder.
 *
 * Header: "qoif", width and height (uint32 big-endian), channels (3 or 4), colour space (0 or 1).
 * Chunks: QOI_OP_RGB (0xfe r g b), QOI_OP_RGBA (0xff r g b a), QOI_OP_INDEX (00iiiiii),
 * QOI_OP_DIFF (01drdgdb, each −2…1), QOI_OP_LUMA (10gggggg, then rrrrbbbb as dr−dg and db−dg,
 * −8…7; dg −32…31), QOI_OP_RUN (11rrrrrr, 1…62 repeats). Every decoded pixel goes into a
 * 64-entry index at (r·3 + g·5 + b·7 + a·11) mod 64. The stream starts from r g b a = 0 0 0 255.
 * The 8-byte end marker is not required (a decoder stops after width × height pixels).
 */

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row from the top. */
  rgba: Uint8Array;
}

const HEADER_BYTES = 14;
/** Larger images are refused before allocating (embedded thumbnails are a few hundred pixels). */
const MAX_PIXELS = 4096 * 4096;

export class QoiError extends Error {
  override readonly name = "QoiError";
}

export function decodeQoi(bytes: Uint8Array): RgbaImage {
  if (bytes.length < HEADER_BYTES || bytes[0] !== 0x71 || bytes[1] !== 0x6f || bytes[2] !== 0x69 || bytes[3] !== 0x66) {
    throw new QoiError("not a QOI image (no 'qoif' header)");
  }
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const width = header.getUint32(4);
  const height = header.getUint32(8);
  const channels = bytes[12];
  if (channels !== 3 && channels !== 4) throw new QoiError(`QOI channels must be 3 or 4, not ${String(channels)}`);
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) throw new QoiError(`QOI size ${width}×${height} is empty or too large`);

  const pixels = width * height;
  const rgba = new Uint8Array(pixels * 4);
  const index = new Uint8Array(64 * 4);
  let r = 0, g = 0, b = 0, a = 255;
  let p = HEADER_BYTES;
  let run = 0;
  for (let px = 0; px < pixels * 4; px += 4) {
    if (run > 0) {
      run--;
    } else {
      if (p >= bytes.length) throw new QoiError(`QOI data ends after ${px / 4} of ${pixels} pixels`);
      const b1 = bytes[p++] as number;
      if (b1 === 0xfe) {
        r = bytes[p] ?? 0; g = bytes[p + 1] ?? 0; b = bytes[p + 2] ?? 0;
        p += 3;
      } else if (b1 === 0xff) {
        r = bytes[p] ?? 0; g = bytes[p + 1] ?? 0; b = bytes[p + 2] ?? 0; a = bytes[p + 3] ?? 0;
        p += 4;
      } else {
        switch (b1 >> 6) {
          case 0: {
            const o = (b1 & 0x3f) * 4;
            r = index[o] as number; g = index[o + 1] as number; b = index[o + 2] as number; a = index[o + 3] as number;
            break;
          }
          case 1:
            r = (r + ((b1 >> 4) & 3) - 2) & 0xff;
            g = (g + ((b1 >> 2) & 3) - 2) & 0xff;
            b = (b + (b1 & 3) - 2) & 0xff;
            break;
          case 2: {
            const b2 = bytes[p++] ?? 0;
            const dg = (b1 & 0x3f) - 32;
            r = (r + dg + (b2 >> 4) - 8) & 0xff;
            g = (g + dg) & 0xff;
            b = (b + dg + (b2 & 0x0f) - 8) & 0xff;
            break;
          }
          default:
            run = b1 & 0x3f;
        }
      }
      if (p > bytes.length) throw new QoiError(`QOI data ends inside a chunk after ${px / 4} of ${pixels} pixels`);
      const slot = ((r * 3 + g * 5 + b * 7 + a * 11) % 64) * 4;
      index[slot] = r; index[slot + 1] = g; index[slot + 2] = b; index[slot + 3] = a;
    }
    rgba[px] = r; rgba[px + 1] = g; rgba[px + 2] = b; rgba[px + 3] = a;
  }
  return { width, height, rgba };
}
