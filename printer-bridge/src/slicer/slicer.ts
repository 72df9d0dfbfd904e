/**
 * The slicer adapter's contract: slice one model (STL or 3MF) for one printer profile, material
 * and quality into G-code, with progress, cancellation and a time limit, and return the slicer's
 * own estimates. `PrusaSlicerCli` implements it; CuraEngine or OrcaSlicer can implement it later.
 */
import type { SliceQuality, SlicerInfo } from "@peerfab/protocol";

export interface SliceProgress {
  /** What the slicer is doing, in its words ("Generating perimeters"). */
  stage: string;
  /** Rough share of the work done, 0..1, never decreasing. */
  fraction: number;
}

export interface SliceOptions {
  /** The model: `.stl` or `.3mf` (the slicer goes by the extension). */
  modelPath: string;
  /** The printer's slicer profile (a PrusaSlicer `.ini`: bed, nozzle, start/end G-code, limits). */
  profile: string;
  /** PLA, PETG or ABS (any case): sets the temperatures, bed and fan. */
  material: string;
  quality: SliceQuality;
  /** Where the G-code goes; nothing is left there when slicing fails or is cancelled. */
  outputPath: string;
  signal?: AbortSignal;
  onProgress?: (progress: SliceProgress) => void;
  /** Overrides the slicer's time limit for this model. */
  timeLimitMs?: number;
}

/** The slicer's own figures for the G-code it wrote. */
export interface SliceEstimates {
  printSeconds: number;
  filamentMm: number;
  filamentG: number;
  layers?: number;
}

export interface SliceResult {
  gcodePath: string;
  estimates: SliceEstimates;
}

export interface Slicer {
  readonly info: SlicerInfo;
  slice(options: SliceOptions): Promise<SliceResult>;
}

export type SlicerErrorCode =
  | "model-too-large"
  | "model-outside-volume"
  | "model-unreadable"
  | "model-format"
  | "nothing-to-print"
  | "profile-invalid"
  | "setting-rejected"
  | "unknown-material"
  | "time-limit"
  | "cancelled"
  | "crashed"
  | "slicer-missing"
  | "slicer-failed";

/** A slicing failure, its message in plain words saying what is wrong and what to do. */
export class SlicerError extends Error {
  constructor(
    readonly code: SlicerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SlicerError";
  }
}
