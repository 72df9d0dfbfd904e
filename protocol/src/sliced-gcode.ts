/**
 * G-code a printer's bridge sliced for a job (issue #6): the bridge uploads it to the hub with
 * `PUT /api/jobs/:id/sliced-gcode` — the body is the G-code, its sha256 in a `Content-Digest`
 * header (RFC 9530, `sha-256=:<base64>:`) — and the hub records it on the job, so the dashboard's
 * toolpath preview and the maker can fetch it with `GET` on the same path. One definition of the
 * path, the header and the record for bridge, hub and browser.
 */
import { z } from "zod";

/** What the hub recorded about a job's sliced G-code. */
export const SlicedGcodeSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Bytes. */
  size: z.number().int().nonnegative(),
  /** Commands by the bridge's rule (`gcodeCommands`): the print's `linesTotal`. */
  commands: z.number().int().nonnegative(),
  layers: z.number().int().nonnegative(),
  /** When the hub received it (ISO 8601). */
  receivedAt: z.string(),
});
export type SlicedGcode = z.infer<typeof SlicedGcodeSchema>;

/** The hub's answer to an upload: the record, and whether this request created it (else it was there). */
export const SlicedGcodeReceiptSchema = SlicedGcodeSchema.extend({
  jobId: z.string(),
  created: z.boolean(),
});
export type SlicedGcodeReceipt = z.infer<typeof SlicedGcodeReceiptSchema>;

/** `/api/jobs/<id>/sliced-gcode`, relative to the hub's URL. */
export function slicedGcodePath(jobId: string): string {
  return `/api/jobs/${encodeURIComponent(jobId)}/sliced-gcode`;
}

/** The media type the bridge sends and the hub serves G-code as. */
export const GCODE_MEDIA_TYPE = "text/x.gcode";

/** `Content-Digest` value (RFC 9530) for a sha256 given as hex: `sha-256=:<base64>:`. */
export function sha256ContentDigest(sha256Hex: string): string {
  return `sha-256=:${bytesToBase64(hexToBytes(sha256Hex))}:`;
}

/**
 * The sha256 (hex) a `Content-Digest` header states, or null when it names none or is malformed.
 * Other algorithms in the same header (`sha-512=:…:`) are ignored.
 */
export function sha256FromContentDigest(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const member of header.split(",")) {
    const match = /^\s*sha-256\s*=\s*:([A-Za-z0-9+/]+={0,2}):\s*$/i.exec(member);
    if (!match?.[1]) continue;
    const bytes = base64ToBytes(match[1]);
    return bytes?.length === 32 ? bytesToHex(bytes) : null;
  }
  return null;
}

function hexToBytes(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`not a sha256 hex digest: ${hex}`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function bytesToBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function base64ToBytes(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
