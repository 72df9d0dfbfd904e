/**
 * What the G-code analyzer reports, and the printer profile it falls back on when a file
 * does not set its own motion limits or filament properties.
 */
import type { BoundingBox } from "../designs.ts";

/** Motion limits of a Marlin-style firmware, in mm, mm/s and mm/s². */
export interface MotionLimits {
  /** `M203`: maximum feed rate per axis. */
  maxFeedrate: AxisValues;
  /** `M201`: maximum acceleration per axis. */
  maxAcceleration: AxisValues;
  /** `M204 P` (or `S`): acceleration of extruding moves. */
  printAcceleration: number;
  /** `M204 R`: acceleration of extruder-only moves (retract / unretract). */
  retractAcceleration: number;
  /** `M204 T` (or `S`): acceleration of non-extruding moves. */
  travelAcceleration: number;
  /** `M205 X Y Z E`: classic jerk per axis. */
  jerk: AxisValues;
  /** `M205 J`: Marlin's junction deviation in mm; when set it replaces classic jerk. */
  junctionDeviation: number | null;
  /** `M205 S`: minimum feed rate of extruding moves. */
  minExtrudingFeedrate: number;
  /** `M205 T`: minimum feed rate of travel moves. */
  minTravelFeedrate: number;
}

export interface AxisValues {
  x: number;
  y: number;
  z: number;
  e: number;
}

/** A printer profile and material for what the file itself does not say. */
export interface GcodeAnalyzerOptions {
  /** Motion limits before the file's own `M201`–`M205` (defaults: Marlin 2 i3-style). */
  motion?: Partial<MotionLimits>;
  /** Filament diameter in mm when the file's slicer metadata has none (default 1.75). */
  filamentDiameterMm?: number;
  /** Filament density in g/cm³ when the file's slicer metadata has none (default 1.24, PLA). */
  filamentDensityGPerCm3?: number;
  /** Feed rate in mm/min used until the file sets one with `F` (default 1500). */
  initialFeedrateMmPerMin?: number;
}

export const DEFAULT_MOTION_LIMITS: MotionLimits = {
  maxFeedrate: { x: 200, y: 200, z: 12, e: 120 },
  maxAcceleration: { x: 1500, y: 1500, z: 200, e: 5000 },
  printAcceleration: 1500,
  retractAcceleration: 1500,
  travelAcceleration: 1500,
  jerk: { x: 8, y: 8, z: 0.4, e: 4.5 },
  junctionDeviation: null,
  minExtrudingFeedrate: 0,
  minTravelFeedrate: 0,
};

/** Filament one extruder (tool) pushes through the nozzle. */
export interface ExtruderUsage {
  /** Tool number, as in `T0`, `T1`. */
  tool: number;
  /** Sum of E on extruding moves (moves in X/Y that advance E), in mm. */
  filamentMm: number;
  /** Mass from length, diameter and density, in g. */
  filamentG: number;
  diameterMm: number;
  densityGPerCm3: number;
}

export type ThumbnailFormat = "png" | "jpg" | "qoi";

/** An image embedded in the file's comments, still base64 (the hub decodes it). */
export interface GcodeThumbnail {
  width: number;
  height: number;
  format: ThumbnailFormat;
  base64: string;
}

export type SlicerName = "PrusaSlicer" | "SuperSlicer" | "OrcaSlicer" | "BambuStudio" | "Cura" | "Simplify3D";

/** What the slicer wrote about its own output. */
export interface SlicerMetadata {
  name: SlicerName | null;
  version: string | null;
  /** Cura's `;FLAVOR:` or PrusaSlicer's `gcode_flavor`. */
  flavor: string | null;
  /** The slicer's print-time estimate (PrusaSlicer normal mode, Cura `;TIME:`…), in s. */
  estimatedTimeS: number | null;
  /** The slicer's filament length per extruder, in mm. */
  filamentUsedMm: number[] | null;
  /** The slicer's own layer count when it writes one (Cura, OrcaSlicer/Bambu). */
  layerCount: number | null;
  /** Settings the slicer wrote as `key = value`, `key: value` or (Simplify3D) `key,value`. */
  settings: Record<string, string>;
}

export interface LayerSummary {
  /** How many layers: `;LAYER_CHANGE`/`;LAYER:` markers when present, else from moves. */
  count: number;
  /** Z of each layer in mm, bottom first. */
  z: number[];
  /**
   * Where the count comes from. "comments": slicer layer markers. "moves": each new highest Z
   * at which a move extrudes in X/Y starts a layer (z-hops and travel do not).
   */
  source: "comments" | "moves";
}

export interface PrintTimeEstimate {
  /** From the motion model (trapezoids, look-ahead, jerk or junction deviation, `G4` dwells). */
  estimatedS: number;
  /** The slicer's estimate, if it wrote one. */
  slicerEstimateS: number | null;
  /** (estimated − slicer) / slicer; null without a slicer estimate. */
  differenceRatio: number | null;
}

export interface GcodeAnalysis {
  /** Lines in the file (split at `\n`). */
  lineCount: number;
  /** Commands, the same rule as `gcodeCommands` (its length). */
  commandCount: number;
  layers: LayerSummary;
  /** Bounding box of extruding moves (same shape as a mesh's bbox); null when nothing is extruded. */
  boundingBox: BoundingBox | null;
  /** One entry per tool that extruded or was selected, by tool number. */
  extruders: ExtruderUsage[];
  filamentMm: number;
  filamentG: number;
  /** Highest `M104`/`M109` target (`S` or `R`), °C; null if none. */
  maxHotendC: number | null;
  /** Highest `M140`/`M190` target (`S` or `R`), °C; null if none. */
  maxBedC: number | null;
  /** `T<n>` commands that select a different tool than the active one. */
  toolChanges: number;
  printTime: PrintTimeEstimate;
  slicer: SlicerMetadata;
  thumbnails: GcodeThumbnail[];
}
