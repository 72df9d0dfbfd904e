/** Runs `parseStl` in a Web Worker; one worker per call, terminated when done or aborted. */
import type { MeshArrays } from "./stl-geometry.ts";
import type { StlParseAnswer } from "./stl-parse.worker.ts";

export function parseStlOffThread(bytes: ArrayBuffer, signal: AbortSignal): Promise<MeshArrays> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./stl-parse.worker.ts", import.meta.url), { type: "module", name: "stl-parse" });
    const finish = () => {
      worker.terminate();
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new DOMException("The preview was closed.", "AbortError"));
    };
    signal.addEventListener("abort", onAbort);
    worker.addEventListener("message", (event: MessageEvent<StlParseAnswer>) => {
      finish();
      const answer = event.data;
      if (answer.ok) resolve({ positions: answer.positions, normals: answer.normals, triangles: answer.triangles });
      else reject(new Error(answer.message));
    });
    worker.addEventListener("error", () => {
      finish();
      reject(new Error("The 3D preview could not start its worker. Reload the page to try again."));
    });
    worker.postMessage(bytes, [bytes]);
  });
}
