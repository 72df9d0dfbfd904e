/** The arithmetic behind `npm run bench:serial` and its PASS/MISS verdicts. */
import { describe, expect, it } from "vitest";
import { formatResults, meanWireBytes, type RunResult, wireLimitLinesPerSecond } from "../bench/figures.ts";

describe("bench:serial figures", () => {
  it("counts bytes per line as sent: line number, checksum and newline included", () => {
    // "N1 G28*18\n" is 10 bytes, "N2 G1 X100*99\n" is 14.
    expect(meanWireBytes(["G28", "G1 X100"])).toBe(12);
    expect(wireLimitLinesPerSecond(115200, 12)).toBe(960);
  });

  it("passes window mode at 90% of the wire limit and 2× one-line mode, and misses below", () => {
    const run = (mode: RunResult["mode"], lines: number): RunResult => ({
      baud: 115200,
      mode,
      lines,
      seconds: 1,
      meanBytesPerLine: 12,
      intact: true,
    });
    const fast = formatResults([run("one-line", 400), run("window", 870)]);
    expect(fast).toContain("PASS  115200 baud: window mode at 90.6% of the wire limit");
    expect(fast).toContain("PASS  115200 baud: window mode 2.17× one-line mode");
    const slow = formatResults([run("one-line", 500), run("window", 860)]);
    expect(slow).toContain("MISS  115200 baud: window mode at 89.6% of the wire limit");
    expect(slow).toContain("MISS  115200 baud: window mode 1.72× one-line mode");
  });
});
