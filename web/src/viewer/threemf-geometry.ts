/**
 * 3MF bytes → the viewer's MeshArrays, with the hub's own 3MF parser from
 * `@peerfab/protocol/formats/3mf` (Core spec plus the Production extension: components, build
 * transforms, units; zip-bomb and path checks while inflating). That parser is pure TypeScript
 * over fflate and saxes, so it runs in the parse worker, where three's 3MFLoader cannot (it needs
 * DOMParser). Pure and DOM-free.
 */
import { parse3mf } from "@peerfab/protocol/formats/3mf";
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";
import type { MeshArrays } from "./mesh-arrays.ts";

export function parse3mfArrays(bytes: ArrayBuffer): MeshArrays {
  if (bytes.byteLength === 0) throw new Error("The 3MF file is empty. Upload the design again.");
  // The parser's errors are already sentences for people ("3MF rejected: …. Export it again …").
  // The hub's default limits, so anything a default hub stored can be shown.
  const build = parse3mf(new Uint8Array(bytes), DEFAULT_MESH_LIMITS);
  return { positions: build.mesh.positions, triangles: build.mesh.triangles };
}
