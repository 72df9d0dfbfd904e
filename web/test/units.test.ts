import { describe, expect, it } from "vitest";
import {
  boxSize,
  formatBytes,
  formatCount,
  formatDimensions,
  formatDuration,
  formatHeater,
  formatPercent,
  formatTimestamp,
  formatTransfer,
} from "../src/format/units.ts";

describe("formatDimensions", () => {
  it("shows X × Y × Z in mm from a bounding box, at most one decimal", () => {
    const bbox = { min: { x: -5, y: 2, z: 0 }, max: { x: 15, y: 22, z: 20 } };
    expect(boxSize(bbox)).toEqual({ x: 20, y: 20, z: 20 });
    expect(formatDimensions(bbox)).toBe("20 × 20 × 20 mm");
    expect(formatDimensions({ min: { x: 0, y: 0, z: 0 }, max: { x: 90, y: 77.94229, z: 4 } })).toBe("90 × 77.9 × 4 mm");
  });

  it("does not print floating-point noise", () => {
    expect(formatDimensions({ min: { x: 0.1, y: 0, z: 0 }, max: { x: 0.30000000000000004, y: 1e-7, z: 2.25 } })).toBe(
      "0.2 × 0 × 2.3 mm",
    );
  });
});

describe("formatHeater", () => {
  it("shows actual and target while heating", () => {
    expect(formatHeater({ actual: 204.84, target: 210 })).toBe("204.8 °C → 210 °C");
  });
  it("says off when the heater has no target", () => {
    expect(formatHeater({ actual: 24.1, target: 0 })).toBe("24.1 °C (off)");
  });
  it("shows a dash when there is no reading", () => {
    expect(formatHeater(null)).toBe("—");
    expect(formatHeater(undefined)).toBe("—");
  });
});

describe("formatPercent", () => {
  it("rounds down so a job never reads 100% early", () => {
    expect(formatPercent(0.426)).toBe("42%");
    expect(formatPercent(0.999)).toBe("99%");
    expect(formatPercent(1)).toBe("100%");
  });
  it("is not fooled by binary fractions", () => {
    expect(formatPercent(0.29)).toBe("29%");
    expect(formatPercent(0.57)).toBe("57%");
  });
  it("clamps out-of-range and non-finite input", () => {
    expect(formatPercent(-0.1)).toBe("0%");
    expect(formatPercent(1.5)).toBe("100%");
    expect(formatPercent(Number.NaN)).toBe("0%");
  });
});

describe("counts, sizes, durations, timestamps", () => {
  it("groups thousands", () => {
    expect(formatCount(119981)).toBe("119,981");
  });
  it("shows file sizes in binary units", () => {
    expect(formatBytes(684)).toBe("684 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
  });
  it("shows a transfer's progress, with or without a known total", () => {
    expect(formatTransfer(3.2 * 1024 * 1024, 50 * 1024 * 1024)).toBe("3.2 MB of 50 MB (6%)");
    expect(formatTransfer(1536, null)).toBe("1.5 KB");
    expect(formatTransfer(0, 0)).toBe("0 B");
  });
  it("shows a remaining time in words", () => {
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(60 * 17 + 5)).toBe("17 min");
    expect(formatDuration(3600 + 120)).toBe("1 h 2 min");
    expect(formatDuration(7200)).toBe("2 h");
  });
  it("formats a timestamp in the given time zone and leaves garbage alone", () => {
    expect(formatTimestamp("2025-11-23T19:55:00Z", "en-GB", "UTC")).toBe("23 Nov 2025, 19:55");
    expect(formatTimestamp("not a date")).toBe("not a date");
  });
});
