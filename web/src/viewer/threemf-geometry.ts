/**
 * 3MF bytes → the viewer's MeshArrays, with the hub's own 3MF parser (Core spec plus the
 * Production extension: components, build transforms, units; zip-bomb and path checks while
 * inflating). That parser is pure TypeScript over fflate and saxes, so it runs in the parse
 * worker, where three's 3MFLoader cannot (it needs DOMParser). Pure and DOM-free.
 */
import { parse3mf } from "@peerfab/server/mesh/parse-3mf";
import type { MeshArrays } from "./mesh-arrays.ts";

/** What the browser accepts: the hub's limits, so anything the hub stored can be shown. */
const BROWSER_3MF_LIMITS = {
  maxTriangles: 10_000_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
} as const;

export function parse3mfArrays(bytes: ArrayBuffer): MeshArrays {
  if (bytes.byteLength === 0) throw new Error("The 3MF file is empty. Upload the design again.");
  // The parser's errors are already sentences for people ("3MF rejected: …. Export it again …").
  const build = parse3mf(new Uint8Array(bytes), BROWSER_3MF_LIMITS);
  return { positions: build.mesh.positions, triangles: build.mesh.triangles };
}
