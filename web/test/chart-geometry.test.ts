import { describe, expect, it } from "vitest";
import { chartGeometry, type ChartBox } from "../src/dashboard/chart-geometry.ts";
import type { TemperatureSample } from "../src/dashboard/temperature-history.ts";

const box: ChartBox = { width: 640, height: 120, left: 40, right: 0, top: 10, bottom: 10 };
const T0 = Date.UTC(2025, 0, 1, 12);
const s = (seconds: number, hotend: number, target: number, bed: number | null = null): TemperatureSample => ({
  t: T0 + seconds * 1000,
  hotend: { actual: hotend, target },
  bed: bed === null ? null : { actual: bed, target: 60 },
});

describe("chartGeometry", () => {
  it("ends the time axis at the newest sample and spans ten minutes", () => {
    const g = chartGeometry([s(0, 20, 0), s(600, 200, 210)], box, { maxGapMs: 700_000 });
    expect(g.to).toBe(T0 + 600_000);
    expect(g.from).toBe(T0);
    const run = g.series.hotendActual[0];
    expect(run?.[0]?.x).toBe(40);
    expect(run?.[1]?.x).toBe(640);
  });

  it("scales the temperature axis to the hottest value in view, from 0 °C", () => {
    const g = chartGeometry([s(0, 20, 0), s(2, 205, 210)], box);
    expect(g.minC).toBe(0);
    expect(g.maxC).toBe(250);
    expect(g.ticksC).toEqual([0, 50, 100, 150, 200, 250]);
    // 0 °C at the bottom of the plot, maxC at the top.
    const target = g.series.hotendTarget[0]?.[0];
    expect(target?.y).toBeCloseTo(10 + (1 - 210 / 250) * 100);
  });

  it("keeps at least 0..50 °C for a cold printer, so noise stays flat", () => {
    const g = chartGeometry([s(0, 22, 0), s(2, 23, 0)], box);
    expect(g.maxC).toBe(75);
    expect(g.ticksC).toEqual([0, 25, 50, 75]);
  });

  it("draws no target line for a heater that is off", () => {
    const g = chartGeometry([s(0, 22, 0), s(2, 23, 0)], box);
    expect(g.series.hotendTarget).toEqual([]);
    expect(g.series.hotendActual[0]).toHaveLength(2);
  });

  it("breaks a line where reports stopped, instead of drawing across the gap", () => {
    const g = chartGeometry([s(0, 100, 200), s(2, 110, 200), s(60, 190, 200), s(62, 195, 200)], box);
    expect(g.series.hotendActual).toHaveLength(2);
    expect(g.series.hotendActual.map((run) => run.length)).toEqual([2, 2]);
  });

  it("skips a missing heater without breaking the others", () => {
    const g = chartGeometry([s(0, 100, 200, 50), s(2, 110, 200), s(4, 120, 200, 55)], box);
    expect(g.series.bedActual.map((run) => run.length)).toEqual([1, 1]);
    expect(g.series.hotendActual.map((run) => run.length)).toEqual([3]);
  });

  it("leaves out samples older than the window", () => {
    const g = chartGeometry([s(0, 300, 0), s(700, 100, 0), s(702, 101, 0)], box);
    expect(g.series.hotendActual[0]).toHaveLength(2);
    expect(g.maxC).toBe(125);
  });

  it("copes with no samples at all", () => {
    const g = chartGeometry([], box);
    expect(g.series.hotendActual).toEqual([]);
    expect(g.ticksC[0]).toBe(0);
  });
});
