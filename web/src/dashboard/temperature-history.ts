/**
 * The last minutes of one printer's temperatures, for the dashboard chart. Pure: appending
 * returns a new array and drops samples older than the window, measured from the newest
 * sample's own clock (the bridge's), so a skewed browser clock cannot empty the chart.
 */
import type { Heater, PrinterStatus } from "@peerfab/protocol";

export const TEMPERATURE_WINDOW_MS = 10 * 60 * 1000;

export interface TemperatureSample {
  /** Milliseconds since the epoch, from the status report's `at`. */
  readonly t: number;
  readonly hotend: Heater | null;
  readonly bed: Heater | null;
}

/** A sample from a status report, or null when the report carries no temperatures. */
export function sampleFromStatus(status: PrinterStatus): TemperatureSample | null {
  const t = Date.parse(status.at);
  if (!status.temperatures || Number.isNaN(t)) return null;
  return { t, hotend: status.temperatures.tools[0] ?? null, bed: status.temperatures.bed };
}

/**
 * Adds a sample in time order and keeps only the last `windowMs`. A sample with the same
 * timestamp as one already kept replaces it (a resent report is not a new reading).
 */
export function appendSample(
  samples: readonly TemperatureSample[],
  sample: TemperatureSample,
  windowMs = TEMPERATURE_WINDOW_MS,
): TemperatureSample[] {
  const kept = samples.filter((s) => s.t !== sample.t);
  let i = kept.length;
  while (i > 0 && (kept[i - 1]?.t ?? 0) > sample.t) i -= 1;
  kept.splice(i, 0, sample);
  const newest = kept[kept.length - 1]?.t ?? sample.t;
  return kept.filter((s) => s.t >= newest - windowMs);
}
