/**
 * STL bytes → flat vertex arrays, via three's STLLoader.parse (binary and ASCII). The file's
 * normals are not used (many exporters write zeros; the viewer shades flat). Pure and DOM-free,
 * so it runs in the parse worker and in node tests alike.
 */
import { STLLoader } from "three/examples/jsm/loaders/STLLoader.js";
import type { MeshArrays } from "./mesh-arrays.ts";

export function parseStl(bytes: ArrayBuffer): MeshArrays {
  if (bytes.byteLength === 0) throw new Error("The STL file is empty. Upload the design again.");
  let geometry: ReturnType<STLLoader["parse"]>;
  try {
    geometry = new STLLoader().parse(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The file is not a readable STL (${reason}); it is probably truncated or damaged.`);
  }
  const position = geometry.getAttribute("position");
  if (!position || position.count === 0) {
    throw new Error("The STL file contains no triangles, so there is nothing to show.");
  }
  if (position.count % 3 !== 0) {
    throw new Error("The STL file has a facet without exactly three vertices; it is probably damaged.");
  }
  // The loader's own array, not a copy: the geometry is thrown away.
  const positions = position.array instanceof Float32Array ? position.array : Float32Array.from(position.array);
  for (const v of positions) {
    if (!Number.isFinite(v)) throw new Error("The STL file has vertices that are not numbers; it is probably damaged.");
  }
  return {
    positions,
    triangles: position.count / 3,
  };
}
