/** Runs the STL/3MF parser in a Web Worker; one worker per call, terminated when done or aborted. */
import type { MeshArrays } from "./mesh-arrays.ts";
import type { MeshFormat, MeshParseAnswer, MeshParseRequest } from "./mesh-parse.worker.ts";

export function parseMeshOffThread(format: MeshFormat, bytes: ArrayBuffer, signal: AbortSignal): Promise<MeshArrays> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException("The preview was closed.", "AbortError"));
      return;
    }
    const worker = new Worker(new URL("./mesh-parse.worker.ts", import.meta.url), { type: "module", name: "mesh-parse" });
    const finish = () => {
      worker.terminate();
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new DOMException("The preview was closed.", "AbortError"));
    };
    signal.addEventListener("abort", onAbort);
    worker.addEventListener("message", (event: MessageEvent<MeshParseAnswer>) => {
      finish();
      const answer = event.data;
      if (answer.ok) resolve(answer.mesh);
      else reject(new Error(answer.message));
    });
    worker.addEventListener("error", () => {
      finish();
      reject(new Error("The 3D preview could not start its worker. Reload the page to try again."));
    });
    const request: MeshParseRequest = { format, bytes };
    worker.postMessage(request, [bytes]);
  });
}
