/**
 * A printer's safety policy: the `safety` entry of printers.json (zod), its defaults, and the
 * resolved policy the checker runs with. What each rule refuses is in printer-bridge/README.md
 * ("Safety policy").
 */
import type { BuildVolume } from "@peerfab/protocol";
import { z } from "zod";

/** A command as the allow-list names it: `M500`, `M862.3`, `G29`, or a word like `PRINT_START`. */
const CommandNameSchema = z
  .string()
  .regex(/^(?:[GMT]\d+(?:\.\d+)?|[A-Z_][A-Z0-9_]*)$/i, 'a command name such as "M500" or "M862.3"')
  .transform((name) => normaliseCommandName(name));

export const SafetyPolicyConfigSchema = z
  .object({
    /** Highest hotend target a job may set, °C. Default 285. */
    maxHotendC: z.number().positive().max(500),
    /** Highest bed target a job may set, °C. Default 120. */
    maxBedC: z.number().positive().max(200),
    /** How far (mm) moves may go outside the build volume in X, Y and above Z. Default 5. */
    moveMarginMm: z.number().nonnegative().max(50),
    /** Where X0 Y0 is: the front-left corner of the bed (default) or its centre (deltas). */
    origin: z.enum(["front-left", "centre"]),
    /** Commands other makers' jobs may send although they change the machine or are unknown. */
    allowCommands: z.array(CommandNameSchema),
  })
  .partial()
  .strict();
export type SafetyPolicyConfig = z.input<typeof SafetyPolicyConfigSchema>;

/** The policy the checker runs with: the owner's settings over the defaults, plus the build volume. */
export interface SafetyPolicy {
  maxHotendC: number;
  maxBedC: number;
  moveMarginMm: number;
  origin: "front-left" | "centre";
  allowCommands: ReadonlySet<string>;
  buildVolume: BuildVolume;
}

export const DEFAULT_SAFETY = {
  maxHotendC: 285,
  maxBedC: 120,
  moveMarginMm: 5,
  origin: "front-left",
} as const;

/**
 * How far the nozzle may go below the bed (Z 0), whatever the margin: Z offsets of a few tenths
 * are normal, more is the nozzle ploughing into the bed.
 */
export const MAX_BELOW_BED_MM = 1;

/** `m500` → `M500`, `G01` → `G1`, `print_start` → `PRINT_START`. */
export function normaliseCommandName(name: string): string {
  return name.toUpperCase().replace(/^([GMT])0+(?=\d)/, "$1");
}

export function resolveSafetyPolicy(buildVolume: BuildVolume, config: z.output<typeof SafetyPolicyConfigSchema> = {}): SafetyPolicy {
  return {
    maxHotendC: config.maxHotendC ?? DEFAULT_SAFETY.maxHotendC,
    maxBedC: config.maxBedC ?? DEFAULT_SAFETY.maxBedC,
    moveMarginMm: config.moveMarginMm ?? DEFAULT_SAFETY.moveMarginMm,
    origin: config.origin ?? DEFAULT_SAFETY.origin,
    allowCommands: new Set(config.allowCommands ?? []),
    buildVolume,
  };
}

/** The range one axis may move in (mm, machine coordinates), margin included. */
export interface AxisRange {
  min: number;
  max: number;
}

export function axisRange(policy: SafetyPolicy, axis: "X" | "Y" | "Z"): AxisRange {
  const margin = policy.moveMarginMm;
  const volume = policy.buildVolume;
  if (axis === "Z") return { min: -Math.min(margin, MAX_BELOW_BED_MM), max: volume.z + margin };
  const size = axis === "X" ? volume.x : volume.y;
  const low = policy.origin === "centre" ? -size / 2 : 0;
  return { min: low - margin, max: low + size + margin };
}
