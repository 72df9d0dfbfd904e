/**
 * The Slicer adapter around PrusaSlicer's command line (Debian package `prusa-slicer`, tested
 * with 2.5.0). One slice runs up to three child processes, all within one time limit:
 * 1. once per profile file (cached by its modification time): `--load P --save out.ini`, to find
 *    keys the slicer does not know or values it had to substitute (it ignores them silently);
 * 2. `--info MODEL`: each object's size, so a model larger than the build volume is refused
 *    before a long slice;
 * 3. `--export-gcode --load P <material and quality options> --center <bed centre> MODEL`.
 * Then the G-code is analysed for the slicer's estimates and checked to lie inside the volume.
 * Failures become SlicerErrors in plain words; the output file is removed on any failure.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { SlicerInfo } from "@peerfab/protocol";
import { parseIniSettings, profileFacts, describeVolume, formatMm, type SlicerProfileFacts } from "./printer-profile.ts";
import { parseModelInfo, parseStageLine } from "./prusa-slicer-output.ts";
import { layerHeights, materialPreset, sliceSettingArguments } from "./slice-settings.ts";
import { analyzeGcodeFile, checkInsideVolume, slicerEstimates } from "./sliced-gcode.ts";
import { type SliceOptions, type SliceProgress, type SliceResult, type Slicer, SlicerError } from "./slicer.ts";
import { explainSlicerFailure } from "./slicer-errors.ts";
import { type ProcessRun, runProcess, SpawnError } from "./slicer-process.ts";

/** Default time limit for one slice: generous for a detailed model on a small computer. */
export const DEFAULT_SLICE_TIME_LIMIT_MS = 10 * 60_000;

export interface PrusaSlicerCliOptions {
  executable: string;
  version: string;
  /** Time limit per slice. Default 10 min. */
  timeLimitMs?: number;
}

export class PrusaSlicerCli implements Slicer {
  readonly info: SlicerInfo;
  private readonly checkedProfiles = new Map<string, number>();

  constructor(private readonly options: PrusaSlicerCliOptions) {
    this.info = { name: "PrusaSlicer", version: options.version };
  }

  get timeLimitMs(): number {
    return this.options.timeLimitMs ?? DEFAULT_SLICE_TIME_LIMIT_MS;
  }

  async slice(options: SliceOptions): Promise<SliceResult> {
    const limitMs = options.timeLimitMs ?? this.timeLimitMs;
    const deadline = Date.now() + limitMs;
    let fraction = 0;
    let stage = "";
    const report = (progress: SliceProgress) => {
      if (progress.stage === stage && progress.fraction <= fraction) return;
      fraction = Math.max(fraction, progress.fraction);
      stage = progress.stage;
      options.onProgress?.({ stage, fraction });
    };
    const run = (args: string[], onLine?: (line: string) => void) =>
      this.run(args, { deadline, limitMs, modelPath: options.modelPath, profilePath: options.profile, signal: options.signal, onLine });
    try {
      const material = materialPreset(options.material);
      report({ stage: "Checking the printer profile", fraction: 0 });
      const facts = await this.checkProfile(options.profile, run);
      report({ stage: "Measuring the model", fraction: 0.01 });
      this.checkModelSize(options.modelPath, parseModelInfo((await run(["--info", options.modelPath])).lines.join("\n")), facts);
      const centre = `${(facts.bed.minX + facts.bed.maxX) / 2},${(facts.bed.minY + facts.bed.maxY) / 2}`;
      const heights = layerHeights(options.quality, facts.nozzleDiameter);
      await run(
        [
          // Level 3: its info lines flush the progress lines through the pipe as they happen.
          "--loglevel", "3",
          "--export-gcode",
          "--load", options.profile,
          ...sliceSettingArguments(material, heights),
          "--center", centre,
          options.modelPath,
          "--output", options.outputPath,
        ],
        (line) => {
          const stage = parseStageLine(line);
          if (stage) report(stage);
        },
      );
      report({ stage: "Checking the G-code", fraction: 0.96 });
      const analysis = await analyzeGcodeFile(options.outputPath);
      if (options.signal?.aborted) throw cancelled();
      checkInsideVolume(analysis, facts, options.modelPath);
      report({ stage: "Sliced", fraction: 1 });
      return { gcodePath: options.outputPath, estimates: slicerEstimates(analysis) };
    } catch (error) {
      await Promise.all([rm(options.outputPath, { force: true }), rm(`${options.outputPath}.tmp`, { force: true })]);
      throw error;
    }
  }

  /** Runs the slicer once; a failed, stopped or unstartable run becomes a SlicerError. */
  private async run(
    args: string[],
    context: { deadline: number; limitMs: number; modelPath: string; profilePath: string; signal?: AbortSignal | undefined; onLine?: ((line: string) => void) | undefined },
  ): Promise<ProcessRun> {
    if (context.signal?.aborted) throw cancelled();
    const remaining = context.deadline - Date.now();
    if (remaining <= 0) throw timeLimit(context.limitMs, context.modelPath);
    let result: ProcessRun;
    try {
      result = await runProcess(this.options.executable, args, {
        timeLimitMs: remaining,
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.onLine ? { onLine: context.onLine } : {}),
      });
    } catch (error) {
      if (error instanceof SpawnError)
        throw new SlicerError(
          "slicer-missing",
          `PrusaSlicer could not be started from ${this.options.executable} (${error.errno ?? error.message}). Install it (Debian/Ubuntu: apt-get install prusa-slicer) or point PEERFAB_PRUSA_SLICER at it, then restart the bridge.`,
        );
      throw error;
    }
    if (result.stopped === "cancelled") throw cancelled();
    if (result.stopped === "time-limit") throw timeLimit(context.limitMs, context.modelPath);
    if (result.exitCode !== 0)
      throw explainSlicerFailure({ exitCode: result.exitCode, signal: result.signal, lines: result.lines, modelPath: context.modelPath, profilePath: context.profilePath });
    return result;
  }

  /** Reads the profile, and once per version of the file asks the slicer whether it knows every key. */
  private async checkProfile(profile: string, run: (args: string[]) => Promise<ProcessRun>): Promise<SlicerProfileFacts> {
    let text: string;
    let modified: number;
    try {
      [text, modified] = await Promise.all([readFile(profile, "utf8"), stat(profile).then((s) => s.mtimeMs)]);
    } catch (error) {
      throw new SlicerError(
        "profile-invalid",
        `The printer's slicer profile ${profile} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Set slicerProfile in printers.json to one of the profiles in printer-bridge/profiles/ or to your own .ini file.`,
      );
    }
    const facts = profileFacts(text);
    if (this.checkedProfiles.get(profile) === modified) return facts;
    const dir = await mkdtemp(join(tmpdir(), "peerfab-profile-"));
    try {
      const saved = join(dir, "saved.ini");
      const result = await run(["--loglevel", "2", "--load", profile, "--save", saved]);
      const known = parseIniSettings(await readFile(saved, "utf8"));
      const unknown = [...facts.settings.keys()].filter((key) => !known.has(key));
      if (unknown.length > 0)
        throw new SlicerError(
          "profile-invalid",
          `The slicer profile ${basename(profile)} has settings PrusaSlicer ${this.info.version} does not know: ${unknown.join(", ")}. Check their spelling or remove them, then try again.`,
        );
      const substituted = result.lines.filter((line) => /key = "/.test(line)).map((line) => line.trim().replace(/\s+/g, " "));
      if (substituted.length > 0)
        throw new SlicerError(
          "profile-invalid",
          `The slicer profile ${basename(profile)} has values PrusaSlicer ${this.info.version} does not accept (${substituted.join("; ")}). Correct them, then try again.`,
        );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    this.checkedProfiles.set(profile, modified);
    return facts;
  }

  private checkModelSize(modelPath: string, objects: ReturnType<typeof parseModelInfo>, facts: SlicerProfileFacts): void {
    const { bed, maxHeight } = facts;
    const width = bed.maxX - bed.minX;
    const depth = bed.maxY - bed.minY;
    for (const object of objects) {
      const { x, y, z } = object.size;
      if (x <= width && y <= depth && z <= maxHeight) continue;
      const turned = y <= width && x <= depth && z <= maxHeight;
      throw new SlicerError(
        "model-too-large",
        `${basename(modelPath)} is larger than the print volume: the object "${object.name}" measures ${formatMm(x)} × ${formatMm(y)} × ${formatMm(z)} mm, the printer prints at most ${describeVolume(bed, maxHeight)}. ${turned ? "Turn it 90° on the bed" : "Scale it down or split it into parts"}, or send it to a bigger printer.`,
      );
    }
  }
}

function cancelled(): SlicerError {
  return new SlicerError("cancelled", "Slicing was cancelled; nothing was printed.");
}

function timeLimit(limitMs: number, modelPath: string): SlicerError {
  const limit = limitMs >= 60_000 ? `${formatMm(limitMs / 60_000)} min` : limitMs >= 1000 ? `${formatMm(limitMs / 1000)} s` : `${limitMs} ms`;
  return new SlicerError(
    "time-limit",
    `Slicing ${basename(modelPath)} took longer than the ${limit} time limit and was stopped. Simplify the model (fewer triangles), choose a coarser quality, or raise the limit (PEERFAB_SLICE_TIME_LIMIT_S on the bridge).`,
  );
}
