/** Web Worker: parses STL bytes off the main thread and hands the arrays back without copying. */
import { parseStl } from "./stl-geometry.ts";

export type StlParseAnswer =
  | { readonly ok: true; readonly positions: Float32Array; readonly normals: Float32Array | null; readonly triangles: number }
  | { readonly ok: false; readonly message: string };

globalThis.addEventListener("message", (event: MessageEvent<ArrayBuffer>) => {
  let answer: StlParseAnswer;
  const transfer: Transferable[] = [];
  try {
    const mesh = parseStl(event.data);
    answer = { ok: true, ...mesh };
    transfer.push(mesh.positions.buffer as ArrayBuffer);
    if (mesh.normals) transfer.push(mesh.normals.buffer as ArrayBuffer);
  } catch (error) {
    answer = { ok: false, message: error instanceof Error ? error.message : "The STL file could not be read." };
  }
  globalThis.postMessage(answer, { transfer });
});
