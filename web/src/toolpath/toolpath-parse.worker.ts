/** Web Worker: decodes G-code bytes and parses its toolpath off the main thread; the layers' arrays are transferred, not copied. */
import { parseToolpath, type Toolpath } from "./toolpath.ts";

export type ToolpathParseAnswer = { readonly ok: true; readonly toolpath: Toolpath } | { readonly ok: false; readonly message: string };

globalThis.addEventListener("message", (event: MessageEvent<ArrayBuffer>) => {
  let answer: ToolpathParseAnswer;
  const transfer: Transferable[] = [];
  try {
    const toolpath = parseToolpath(new TextDecoder("utf-8").decode(event.data));
    answer = { ok: true, toolpath };
    for (const layer of toolpath.layers) transfer.push(layer.segments.buffer as ArrayBuffer, layer.commands.buffer as ArrayBuffer);
  } catch (error) {
    answer = { ok: false, message: error instanceof Error ? error.message : "The G-code could not be read." };
  }
  globalThis.postMessage(answer, { transfer });
});
