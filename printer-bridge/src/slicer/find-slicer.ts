/**
 * Finds the installed slicer: `PEERFAB_PRUSA_SLICER` (a path) or `prusa-slicer` on the PATH,
 * asked for its version with `--help` (first line `PrusaSlicer-2.5.0+… based on Slic3r`).
 * Null when there is none: the bridge then says so in its printers' capabilities and only
 * takes jobs that come with G-code.
 */
import { execFile } from "node:child_process";
import { DEFAULT_SLICE_TIME_LIMIT_MS, PrusaSlicerCli } from "./prusa-slicer-cli.ts";
import { parsePrusaSlicerVersion } from "./prusa-slicer-output.ts";

export interface FindSlicerOptions {
  env?: NodeJS.ProcessEnv;
}

/** `PEERFAB_SLICE_TIME_LIMIT_S`, or the default. */
export function sliceTimeLimitMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env["PEERFAB_SLICE_TIME_LIMIT_S"]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_SLICE_TIME_LIMIT_MS;
}

export async function findSlicer(options: FindSlicerOptions = {}): Promise<PrusaSlicerCli | null> {
  const env = options.env ?? process.env;
  const executable = env["PEERFAB_PRUSA_SLICER"] || "prusa-slicer";
  const help = await new Promise<string | null>((resolve) => {
    execFile(executable, ["--help"], { timeout: 30_000, maxBuffer: 1024 * 1024 }, (error, stdout) => resolve(error ? null : stdout));
  });
  const version = help === null ? null : parsePrusaSlicerVersion(help);
  if (version === null) return null;
  return new PrusaSlicerCli({ executable, version, timeLimitMs: sliceTimeLimitMs(env) });
}
