/**
 * The safety check over a G-code file on disk, read 64 KB at a time so that checking a large
 * sliced file does not hold the event loop while a printer is being fed. Lines and line numbers
 * are exactly those of `jobLines` (split at `\n`, comments stripped, every file line counted).
 */
import { createReadStream } from "node:fs";
import { stripGcodeComment } from "@peerfab/protocol";
import { type JobOrigin, SafetyCheck, type SafetyViolation } from "./safety-check.ts";
import type { SafetyPolicy } from "./safety-policy.ts";

/** The first command of the file that breaks the policy, or null if the whole file passes. */
export async function firstViolationInFile(policy: SafetyPolicy, origin: JobOrigin, path: string): Promise<SafetyViolation | null> {
  const check = new SafetyCheck(policy, origin);
  let line = 1;
  const checkLine = (raw: string): SafetyViolation | null => {
    const command = stripGcodeComment(raw);
    const violation = command === null ? null : check.check(command, line);
    line++;
    return violation;
  };
  let rest = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      const violation = checkLine(text.slice(start, end));
      if (violation) return violation;
      start = end + 1;
    }
    rest = text.slice(start);
  }
  return checkLine(rest);
}
