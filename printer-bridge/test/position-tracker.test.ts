import { describe, expect, it } from "vitest";
import { PositionTracker } from "../src/marlin/position-tracker.ts";

function tracked(commands: string[]): PositionTracker {
  const tracker = new PositionTracker();
  for (const c of commands) tracker.observe(c);
  return tracker;
}

describe("PositionTracker", () => {
  it("follows absolute moves, feed rate, G92 and heater targets", () => {
    const t = tracked(["M140 S60", "M104 S210", "G28", "G92 E0", "G1 Z0.3 F600", "G1 X10 Y20 E1.5 F1800", "G1 X12.5 E2"]);
    expect(t.position).toMatchObject({ x: 12.5, y: 20, z: 0.3, e: 2, feedRate: 1800, hotendTarget: 210, bedTarget: 60 });
  });

  it("adds relative moves (G91) and relative extrusion (M83)", () => {
    const t = tracked(["G28", "G1 X10 Y10 Z1", "M83", "G1 X20 E0.5", "G1 X21 E0.5", "G91", "G1 Z0.2", "G90"]);
    expect(t.position).toMatchObject({ x: 21, y: 10, z: 1.2, e: 1, relativeMoves: false, relativeExtrusion: false });
  });

  it("restores position, E, feed rate and mode after a park script that did not touch the heaters", () => {
    const t = tracked(["G28", "M83", "G1 Z0.3 F600", "G1 X50 Y60 E0.4 F1500"]);
    expect(t.resumeCommands({ pauseScript: ["G91", "G1 Z5", "G90", "G1 X0 Y200"] })).toEqual([
      "G90",
      "G1 X50 Y60 F6000",
      "G1 Z0.3 F600",
      "G92 E0.4",
      "G1 F1500",
      "M83",
    ]);
  });

  it("heats back up (and waits) when the pause script lowered the temperatures", () => {
    const t = tracked(["M140 S60", "M190 S60", "M104 S215", "G28", "G1 X1 Y2 Z3 E4 F900"]);
    expect(t.resumeCommands({ pauseScript: ["M104 S0", "G1 Z10"] })).toEqual(["M109 S215", "G90", "G1 X1 Y2 F6000", "G1 Z3 F600", "G92 E4", "G1 F900", "M82"]);
    expect(t.resumeCommands({ pauseScript: ["M104 S0", "M140 S0"] }).slice(0, 2)).toEqual(["M190 S60", "M109 S215"]);
  });

  it("puts a relative-mode job back in G91 after the absolute travel", () => {
    const t = tracked(["G28", "G91", "G1 X5 Y5 Z0.2 E1"]);
    expect(t.resumeCommands({ pauseScript: ["G1 Z5"] }).slice(-3)).toEqual(["G92 E1", "G91", "M83"]);
  });
});
