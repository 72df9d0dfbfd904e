/**
 * The thumbnail of a G-code variant, from what the slicer embedded: a plate package's PNG when
 * there is one, else the largest image in the G-code's comments (`; thumbnail begin …`) that
 * decodes. The declared format is not trusted (some tools put a PNG in a `thumbnail_JPG`
 * block): the bytes' magic decides; QOI is decoded here (qoi.ts), PNG and JPEG by sharp.
 */
import type { GcodeThumbnail } from "@peerfab/protocol";
import { type EmbeddedImage, type EncodedThumbnail, encodeEmbeddedThumbnails } from "./image-encoder.ts";
import { decodeQoi } from "./qoi.ts";

/** The encoded thumbnail set, or [] when no embedded image can be read. */
export async function embeddedThumbnails(plateImage: Uint8Array | null, gcodeImages: readonly GcodeThumbnail[]): Promise<EncodedThumbnail[]> {
  const candidates: Uint8Array[] = plateImage ? [plateImage] : [];
  const bySize = [...gcodeImages].sort((x, y) => y.width * y.height - x.width * x.height);
  for (const image of bySize) candidates.push(new Uint8Array(Buffer.from(image.base64, "base64")));
  for (const bytes of candidates) {
    try {
      return await encodeEmbeddedThumbnails(toEmbeddedImage(bytes));
    } catch {
      // Not decodable (cut off, unknown format): try the next one.
    }
  }
  return [];
}

function toEmbeddedImage(bytes: Uint8Array): EmbeddedImage {
  if (bytes[0] === 0x71 && bytes[1] === 0x6f && bytes[2] === 0x69 && bytes[3] === 0x66) return decodeQoi(bytes);
  return { encoded: bytes };
}
