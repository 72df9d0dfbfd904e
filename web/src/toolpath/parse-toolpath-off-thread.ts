/** Runs `parseToolpath` in a Web Worker; one worker per call, terminated when done or aborted. */
import type { Toolpath } from "./toolpath.ts";
import type { ToolpathParseAnswer } from "./toolpath-parse.worker.ts";

export function parseToolpathOffThread(bytes: ArrayBuffer, signal: AbortSignal): Promise<Toolpath> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException("The preview was closed.", "AbortError"));
      return;
    }
    const worker = new Worker(new URL("./toolpath-parse.worker.ts", import.meta.url), { type: "module", name: "toolpath-parse" });
    const finish = () => {
      worker.terminate();
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new DOMException("The preview was closed.", "AbortError"));
    };
    signal.addEventListener("abort", onAbort);
    worker.addEventListener("message", (event: MessageEvent<ToolpathParseAnswer>) => {
      finish();
      const answer = event.data;
      if (answer.ok) resolve(answer.toolpath);
      else reject(new Error(answer.message));
    });
    worker.addEventListener("error", () => {
      finish();
      reject(new Error("The toolpath preview could not start its worker. Reload the page to try again."));
    });
    worker.postMessage(bytes, [bytes]);
  });
}
