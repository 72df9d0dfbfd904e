/**
 * The three.js peers bench:mesh measures our parsers against, each doing what a three.js user
 * does with the same bytes:
 * - STL to a welded mesh with a bounding box: `STLLoader.parse`, drop the per-face normals (else
 *   no corner could be welded), `BufferGeometryUtils.mergeVertices`, `computeBoundingBox`.
 * - 3MF: `ThreeMFLoader.parse`. It needs the browser's DOMParser (with `querySelectorAll` and
 *   descendant selectors such as 'vertices vertex'), which Node lacks; linkedom provides one
 *   (@xmldom/xmldom has no querySelector). So in Node this peer measures the loader together with
 *   linkedom's DOM, which is far slower than a browser's native DOMParser: it is run on a smaller
 *   3MF than our own 3MF row (the 1 M-triangle file takes minutes and gigabytes there).
 */
import { DOMParser } from "linkedom";
import type { Group } from "three";
import { ThreeMFLoader } from "three/examples/jsm/loaders/3MFLoader.js";
import { STLLoader } from "three/examples/jsm/loaders/STLLoader.js";
import { mergeVertices } from "three/examples/jsm/utils/BufferGeometryUtils.js";

/** three.js's STL path to a welded, bounded mesh; returns the welded vertex count. */
export function threeStlWelded(bytes: Uint8Array): number {
  const geometry = new STLLoader().parse(arrayBuffer(bytes));
  geometry.deleteAttribute("normal");
  const welded = mergeVertices(geometry);
  welded.computeBoundingBox();
  return welded.getAttribute("position").count;
}

/** three.js's 3MF loader with linkedom's DOMParser installed; returns the triangles it built. */
export function threeMfLoaded(bytes: Uint8Array): number {
  installDomParser();
  const group: Group = new ThreeMFLoader().parse(arrayBuffer(bytes));
  let triangles = 0;
  group.traverse((node) => {
    const geometry = (node as { geometry?: { index: { count: number } | null; getAttribute(name: string): { count: number } } }).geometry;
    if (geometry) triangles += (geometry.index?.count ?? geometry.getAttribute("position").count) / 3;
  });
  return triangles;
}

function installDomParser(): void {
  const global = globalThis as { DOMParser?: unknown };
  global.DOMParser ??= DOMParser;
}

/** The bytes as a whole ArrayBuffer, which the loaders take (copied only when they are a view into a larger one). */
function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
}
