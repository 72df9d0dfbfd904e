import { describe, expect, it } from "vitest";
import { parseTemperatures } from "../src/marlin/temperatures.ts";

describe("parseTemperatures", () => {
  it("reads a single hotend and the bed", () => {
    expect(parseTemperatures("T:210.0 /210.0 B:60.0 /60.0 @:127 B@:0")).toEqual({
      tools: [{ actual: 210, target: 210 }],
      bed: { actual: 60, target: 60 },
    });
  });

  it("prefers indexed tools when several hotends report", () => {
    expect(parseTemperatures("T:210.0 /210.0 B:60.0 /60.0 T0:210.0 /210.0 T1:25.0 /0.0 @:127 B@:0")).toEqual({
      tools: [
        { actual: 210, target: 210 },
        { actual: 25, target: 0 },
      ],
      bed: { actual: 60, target: 60 },
    });
  });

  it("ignores power and wait fields and reads the chamber", () => {
    expect(parseTemperatures(" T:180.54 /210.00 B:60.02 /60.00 C:30.0 /0.0 @:127 B@:24 W:?")).toEqual({
      tools: [{ actual: 180.54, target: 210 }],
      bed: { actual: 60.02, target: 60 },
      chamber: { actual: 30, target: 0 },
    });
  });

  it("reads a printer without a heated bed", () => {
    expect(parseTemperatures("T:22.1 /0.0 @:0")).toEqual({ tools: [{ actual: 22.1, target: 0 }], bed: null });
  });

  it("returns null for lines without temperatures", () => {
    expect(parseTemperatures("X:0.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0")).toBeNull();
    expect(parseTemperatures("echo:busy: processing")).toBeNull();
  });
});
