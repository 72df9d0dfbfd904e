/** Web Worker: parses STL, 3MF or the hub's GLB preview off the main thread and hands the arrays back without copying. */
import type { MeshArrays } from "./mesh-arrays.ts";
import { parseStl } from "./stl-geometry.ts";
import { parse3mfArrays } from "./threemf-geometry.ts";

export type MeshFormat = "stl" | "3mf" | "glb";

export interface MeshParseRequest {
  readonly format: MeshFormat;
  readonly bytes: ArrayBuffer;
}

export type MeshParseAnswer =
  | { readonly ok: true; readonly mesh: MeshArrays }
  | { readonly ok: false; readonly message: string };

async function parse({ format, bytes }: MeshParseRequest): Promise<MeshArrays> {
  switch (format) {
    case "stl":
      return parseStl(bytes);
    case "3mf":
      return parse3mfArrays(bytes);
    case "glb": {
      // GLTFLoader is big: load it only for the hub's previews of big meshes.
      const { parseGlbArrays } = await import("./glb-geometry.ts");
      return parseGlbArrays(bytes);
    }
  }
}

globalThis.addEventListener("message", async (event: MessageEvent<MeshParseRequest>) => {
  let answer: MeshParseAnswer;
  const transfer: Transferable[] = [];
  try {
    const mesh = await parse(event.data);
    answer = { ok: true, mesh };
    transfer.push(mesh.positions.buffer as ArrayBuffer);
  } catch (error) {
    answer = { ok: false, message: error instanceof Error ? error.message : "The model file could not be read." };
  }
  globalThis.postMessage(answer, { transfer });
});
