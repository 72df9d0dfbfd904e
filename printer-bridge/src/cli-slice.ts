/** The command line's slicing: `slice MODEL` and `print MODEL`, with progress on stderr. */
import { basename, resolve } from "node:path";
import type { SliceChoice } from "./cli-arguments.ts";
import { UsageError } from "./cli-arguments.ts";
import { findSlicer } from "./slicer/find-slicer.ts";
import { resolveSlicerProfile, VIRTUAL_PRINTER_PROFILE } from "./slicer/profiles.ts";
import type { SliceEstimates, SliceResult } from "./slicer/slicer.ts";

function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.round(total % 60);
  return `${h > 0 ? `${h}h ` : ""}${h > 0 || m > 0 ? `${m}m ` : ""}${s}s`;
}

export function formatEstimates(estimates: SliceEstimates): string {
  return [
    `  print time  ${formatSeconds(estimates.printSeconds)} (PrusaSlicer's estimate)`,
    `  filament    ${(estimates.filamentMm / 1000).toFixed(2)} m, ${estimates.filamentG.toFixed(1)} g`,
    ...(estimates.layers !== undefined ? [`  layers      ${estimates.layers}`] : []),
  ].join("\n");
}

/** Slices `model` into `output`, reporting each stage on stderr; Ctrl-C cancels. */
export async function sliceForCli(model: string, choice: SliceChoice, output: string): Promise<SliceResult> {
  const slicer = await findSlicer();
  if (!slicer) throw new Error("PrusaSlicer is not installed: install it (Debian/Ubuntu: apt-get install prusa-slicer) or set PEERFAB_PRUSA_SLICER to its path.");
  let profile: string;
  try {
    profile = choice.profile === null ? VIRTUAL_PRINTER_PROFILE : resolveSlicerProfile(choice.profile, process.cwd());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once("SIGINT", cancel);
  const started = performance.now();
  let lastStage = "";
  try {
    process.stderr.write(`Slicing ${basename(model)} with PrusaSlicer ${slicer.info.version}, ${basename(profile)}, ${choice.material}, ${choice.quality}\n`);
    const result = await slicer.slice({
      modelPath: resolve(model),
      profile,
      material: choice.material,
      quality: choice.quality,
      outputPath: resolve(output),
      signal: controller.signal,
      onProgress: ({ stage, fraction }) => {
        if (stage === lastStage) return;
        lastStage = stage;
        process.stderr.write(`  ${String(Math.round(fraction * 100)).padStart(3)} %  ${stage}\n`);
      },
    });
    process.stdout.write(`Sliced in ${((performance.now() - started) / 1000).toFixed(1)} s → ${output}\n${formatEstimates(result.estimates)}\n`);
    return result;
  } finally {
    process.removeListener("SIGINT", cancel);
  }
}
