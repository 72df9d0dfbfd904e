/**
 * Turns temperature samples into polylines in canvas pixels. Pure, so the chart's maths is
 * tested without a canvas; `temperature-chart.ts` only strokes what this returns.
 */
import type { Heater } from "@peerfab/protocol";
import { TEMPERATURE_WINDOW_MS, type TemperatureSample } from "./temperature-history.ts";

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  /** Space kept free on the left for the axis labels. */
  readonly left: number;
  readonly top: number;
  readonly bottom: number;
  readonly right: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type SeriesKey = "hotendActual" | "hotendTarget" | "bedActual" | "bedTarget";

export interface ChartGeometry {
  /** Time span shown, in ms since the epoch; ends at the newest sample. */
  readonly from: number;
  readonly to: number;
  /** Temperature span shown, in °C. */
  readonly minC: number;
  readonly maxC: number;
  /** Horizontal grid lines, in °C. */
  readonly ticksC: readonly number[];
  /** Each series split into runs; a gap in the reports longer than `maxGapMs` starts a new run. */
  readonly series: Readonly<Record<SeriesKey, readonly (readonly Point[])[]>>;
}

const SERIES: Record<SeriesKey, (s: TemperatureSample) => number | null> = {
  hotendActual: (s) => s.hotend?.actual ?? null,
  hotendTarget: (s) => targetOf(s.hotend),
  bedActual: (s) => s.bed?.actual ?? null,
  bedTarget: (s) => targetOf(s.bed),
};

export interface GeometryOptions {
  readonly windowMs?: number;
  readonly maxGapMs?: number;
  /** The chart never shows less than 0..minTopC, so a cold printer does not look noisy. */
  readonly minTopC?: number;
}

export function chartGeometry(
  samples: readonly TemperatureSample[],
  box: ChartBox,
  options: GeometryOptions = {},
): ChartGeometry {
  const windowMs = options.windowMs ?? TEMPERATURE_WINDOW_MS;
  const maxGapMs = options.maxGapMs ?? 15_000;
  const to = samples[samples.length - 1]?.t ?? 0;
  const from = to - windowMs;
  const visible = samples.filter((s) => s.t >= from && s.t <= to);

  let hottest = options.minTopC ?? 50;
  for (const s of visible) {
    for (const read of Object.values(SERIES)) {
      const v = read(s);
      if (v !== null && v > hottest) hottest = v;
    }
  }
  const step = hottest > 150 ? 50 : 25;
  const maxC = Math.ceil((hottest + 1) / step) * step;
  const minC = 0;
  const ticksC: number[] = [];
  for (let c = minC; c <= maxC; c += step) ticksC.push(c);

  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const toX = (t: number) => box.left + ((t - from) / windowMs) * plotW;
  const toY = (c: number) => box.top + (1 - (c - minC) / (maxC - minC)) * plotH;

  const series = {} as Record<SeriesKey, Point[][]>;
  for (const key of Object.keys(SERIES) as SeriesKey[]) {
    const read = SERIES[key];
    const runs: Point[][] = [];
    let run: Point[] = [];
    let lastT: number | null = null;
    for (const s of visible) {
      const v = read(s);
      const gap = lastT !== null && s.t - lastT > maxGapMs;
      if (v === null || gap) {
        if (run.length > 0) runs.push(run);
        run = [];
      }
      if (v !== null) run.push({ x: toX(s.t), y: toY(v) });
      lastT = s.t;
    }
    if (run.length > 0) runs.push(run);
    series[key] = runs;
  }
  return { from, to, minC, maxC, ticksC, series };
}

/** A heater that is off has target 0; the chart draws no target line for it. */
function targetOf(heater: Heater | null): number | null {
  if (!heater || heater.target <= 0) return null;
  return heater.target;
}
