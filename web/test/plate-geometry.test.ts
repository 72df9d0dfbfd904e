import { describe, expect, it } from "vitest";
import { plateLines } from "../src/viewer/plate-geometry.ts";

describe("plateLines", () => {
  it("draws a 250 × 210 bed as a centred outline with 10 mm lines, every 50 mm stronger", () => {
    const lines = plateLines(250, 210);
    // Interior lines: 24 across X (10..240), 20 across Y (10..200); majors at 50,100,150,200 (X) and 50,100,150,200 (Y).
    expect(lines.major.length / 6).toBe(8);
    expect(lines.minor.length / 6).toBe(24 + 20 - 8);
    expect(Array.from(lines.outline.filter((_, i) => i % 3 === 0)).every((x) => Math.abs(x) === 125)).toBe(true);
    expect(Array.from(lines.outline.filter((_, i) => i % 3 === 1)).every((y) => Math.abs(y) === 105)).toBe(true);
  });

  it("counts lines from the bed's front-left corner, as the printer does", () => {
    const { major } = plateLines(120, 120);
    // The first major line across X is 50 mm from the left edge (-60 + 50 = -10).
    expect(major[0]).toBe(-10);
    expect(Array.from(major).every((v, i) => i % 3 !== 2 || v === 0)).toBe(true);
  });
});
