/**
 * bench:queue's arithmetic (server/bench/queue/figures.ts): the percentile it reports, memory per
 * connection as growth over the connections added, and the node flags read from the hub's start
 * script — the one the bench measures "as shipped".
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nodeFlagsOf, percentile, perConnectionKb } from "../bench/queue/figures.ts";

describe("bench:queue figures", () => {
  it("takes the nearest-rank percentile of sorted latencies", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("divides memory growth by the connections added between the readings", () => {
    expect(perConnectionKb(70_000, 80_000, 500, 1000)).toBe(20);
    expect(perConnectionKb(80_000, 79_000, 500, 1000)).toBe(-2);
    expect(() => perConnectionKb(1, 2, 500, 500)).toThrow(/connections added/);
  });

  it("reads the node flags a start script gives the hub", () => {
    expect(nodeFlagsOf("tsx --max-semi-space-size=2 src/main.ts")).toEqual(["--max-semi-space-size=2"]);
    expect(nodeFlagsOf("tsx src/main.ts")).toEqual([]);
    expect(nodeFlagsOf("node --max-old-space-size=512 --max-semi-space-size=4 main.js --port 1")).toEqual(["--max-old-space-size=512", "--max-semi-space-size=4"]);
    const { scripts } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> };
    // The hub's own start script is one the bench can read.
    expect(scripts.start).toMatch(/^tsx( --[\w-]+=\S+)* src\/main\.ts$/);
  });
});
