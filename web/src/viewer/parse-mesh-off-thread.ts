/**
 * Runs the STL/3MF/GLB parser in a Web Worker. The worker is started as soon as the parser is
 * made, so its code loads while the model is still downloading; it parses one model and is
 * terminated when done or aborted.
 */
import type { MeshArrays } from "./mesh-arrays.ts";
import type { MeshFormat, MeshParseAnswer, MeshParseRequest } from "./mesh-parse.worker.ts";

export interface MeshParser {
  parse(format: MeshFormat, bytes: ArrayBuffer): Promise<MeshArrays>;
}

export function startMeshParser(signal: AbortSignal): MeshParser {
  const worker = new Worker(new URL("./mesh-parse.worker.ts", import.meta.url), { type: "module", name: "mesh-parse" });
  const closed = () => new DOMException("The preview was closed.", "AbortError");
  let settle: { resolve: (mesh: MeshArrays) => void; reject: (error: unknown) => void } | null = null;
  /** A failure before `parse` was called (the worker's script did not load): kept for `parse`. */
  let failed: unknown = null;
  const fail = (error: unknown) => {
    if (settle) settle.reject(error);
    else failed = error;
  };
  const finish = () => {
    worker.terminate();
    signal.removeEventListener("abort", onAbort);
  };
  const onAbort = () => {
    finish();
    fail(closed());
  };
  signal.addEventListener("abort", onAbort);
  worker.addEventListener("message", (event: MessageEvent<MeshParseAnswer>) => {
    finish();
    const answer = event.data;
    if (answer.ok) settle?.resolve(answer.mesh);
    else fail(new Error(answer.message));
  });
  worker.addEventListener("error", (event) => {
    finish();
    fail(new Error(`The 3D preview's worker stopped${event.message ? ` (${event.message})` : ""}. Reload the page to try again.`));
  });
  return {
    parse(format, bytes) {
      return new Promise((resolve, reject) => {
        if (signal.aborted) {
          reject(closed());
          return;
        }
        if (failed !== null) {
          reject(failed);
          return;
        }
        settle = { resolve, reject };
        const request: MeshParseRequest = { format, bytes };
        worker.postMessage(request, [bytes]);
      });
    },
  };
}
