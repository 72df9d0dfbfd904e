import { describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUTS, isLongCommand, silenceAllowed } from "../src/printer/command-timeout.ts";

const inFlight = (...commands: string[]) => commands.map((command) => ({ command }));

describe("communication timeouts", () => {
  it("defaults to OctoPrint's figures: 30 s, 5 s once busy: was seen, 5 min for long commands", () => {
    expect(DEFAULT_TIMEOUTS).toEqual({ normalMs: 30_000, busyProtocolMs: 5_000, longMs: 300_000 });
    expect(silenceAllowed(inFlight("G1 X1"), DEFAULT_TIMEOUTS)).toBe(30_000);
    expect(silenceAllowed(inFlight("G1 X1"), DEFAULT_TIMEOUTS, true)).toBe(5_000);
    expect(silenceAllowed(inFlight("G1 X1", "N12 M109 S210*99"), DEFAULT_TIMEOUTS, true)).toBe(300_000);
  });

  it("knows the commands that legitimately run for minutes", () => {
    for (const c of ["G28", "G29", "M109 S210", "M190 S60", "M400", "M600", "G4 S10", "N5 G28 X*17"]) expect(isLongCommand(c)).toBe(true);
    for (const c of ["G1 X1", "M104 S210", "M105", "G280"]) expect(isLongCommand(c)).toBe(false);
  });
});
