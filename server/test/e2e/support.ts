/**
 * What the end-to-end tests share: waiting for a condition with a deadline (never a sleep as an
 * assertion), the commands of a G-code file as a printer must receive them, and the output of a
 * child process kept for failure messages.
 */
import type { ChildProcess } from "node:child_process";

/**
 * Polls `probe` every 100 ms until it returns a value (not undefined), and returns it; throws
 * naming `what` when `seconds` have passed. The deadline is generous: it only ends a hung test.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The commands of a G-code file as a printer must receive them: comments and blank lines removed. */
export function gcodeCommands(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/;.*$/, "").trim())
    .filter((line) => line.length > 0);
}

/** Collects a child's stdout and stderr as it runs; call the result for everything so far. */
export function collectOutput(child: ChildProcess): () => string {
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return () => output;
}
