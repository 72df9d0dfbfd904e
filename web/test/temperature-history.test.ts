import { describe, expect, it } from "vitest";
import { appendSample, sampleFromStatus, TEMPERATURE_WINDOW_MS, type TemperatureSample } from "../src/dashboard/temperature-history.ts";
import { at, status } from "./helpers.ts";

const sample = (seconds: number, hotend = 200): TemperatureSample => ({
  t: Date.parse(at(seconds)),
  hotend: { actual: hotend, target: 210 },
  bed: { actual: 60, target: 60 },
});

describe("sampleFromStatus", () => {
  it("takes the first tool and the bed at the report's own time", () => {
    const s = sampleFromStatus(
      status({ at: at(5), temperatures: { tools: [{ actual: 190, target: 210 }, { actual: 30, target: 0 }], bed: { actual: 55, target: 60 } } }),
    );
    expect(s).toEqual({ t: Date.parse(at(5)), hotend: { actual: 190, target: 210 }, bed: { actual: 55, target: 60 } });
  });

  it("yields nothing for a report without temperatures", () => {
    expect(sampleFromStatus(status({ temperatures: null }))).toBeNull();
  });
});

describe("appendSample", () => {
  it("keeps only the last ten minutes, measured from the newest sample", () => {
    let samples: TemperatureSample[] = [];
    for (let s = 0; s <= 900; s += 2) samples = appendSample(samples, sample(s));
    expect(samples[0]?.t).toBe(Date.parse(at(300)));
    expect(samples[samples.length - 1]?.t).toBe(Date.parse(at(900)));
    expect(samples.every((x) => x.t >= Date.parse(at(900)) - TEMPERATURE_WINDOW_MS)).toBe(true);
  });

  it("puts a late sample in time order", () => {
    const samples = appendSample([sample(0), sample(4)], sample(2));
    expect(samples.map((s) => s.t)).toEqual([0, 2, 4].map((s) => Date.parse(at(s))));
  });

  it("replaces a resent sample instead of duplicating it", () => {
    const samples = appendSample([sample(0), sample(2, 100)], sample(2, 150));
    expect(samples).toHaveLength(2);
    expect(samples[1]?.hotend?.actual).toBe(150);
  });

  it("does not modify the array it is given", () => {
    const before = [sample(0)];
    appendSample(before, sample(2));
    expect(before).toHaveLength(1);
  });
});
