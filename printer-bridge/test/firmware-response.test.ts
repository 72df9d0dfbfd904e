import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseFirmwareLine } from "../src/marlin/firmware-response.ts";

const fixture = fileURLToPath(new URL("../../fixtures/marlin/marlin-2.1-responses.tsv", import.meta.url));
const rows = readFileSync(fixture, "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
  .map((l) => {
    const tab = l.indexOf("\t");
    return { kind: l.slice(0, tab), line: l.slice(tab + 1) };
  });

describe("parseFirmwareLine on recorded Marlin 2.1 output", () => {
  it.each(rows)("classifies $line as $kind", ({ kind, line }) => {
    expect(parseFirmwareLine(line).kind).toBe(kind);
  });

  it("reads ADVANCED_OK fields and temperatures from ok", () => {
    expect(parseFirmwareLine("ok N12 P15 B3")).toMatchObject({ kind: "ok", lineNumber: 12, plannerFree: 15, bufferFree: 3 });
    expect(parseFirmwareLine("ok T:24.53 /0.00 B:23.98 /60.00 @:0 B@:0")).toMatchObject({
      kind: "ok",
      lineNumber: null,
      temperatures: { tools: [{ actual: 24.53, target: 0 }], bed: { actual: 23.98, target: 60 } },
    });
  });

  it("reads the line to resend in both spellings", () => {
    expect(parseFirmwareLine("Resend: 47")).toEqual({ kind: "resend", lineNumber: 47 });
    expect(parseFirmwareLine("rs N47")).toEqual({ kind: "resend", lineNumber: 47 });
  });

  it("tells recoverable line errors from fatal halts", () => {
    const severity = (line: string) => {
      const r = parseFirmwareLine(line);
      return r.kind === "error" ? r.severity : null;
    };
    expect(severity("Error:checksum mismatch, Last Line: 46")).toBe("recoverable");
    expect(severity("Error:Line Number is not Last Line Number+1, Last Line: 46")).toBe("recoverable");
    expect(severity("Error:Printer halted. kill() called!")).toBe("fatal");
    expect(severity("Error:Thermal Runaway, system stopped! Heater_ID: 0")).toBe("fatal");
    expect(severity("Error:MINTEMP triggered, system stopped! Heater_ID: bed")).toBe("fatal");
    expect(severity("Error:MAXTEMP triggered, system stopped! Heater_ID: 0")).toBe("fatal");
  });

  it("reads the firmware name and capability flags", () => {
    const info = parseFirmwareLine(rows.find((r) => r.kind === "firmware-info")?.line ?? "");
    expect(info).toMatchObject({ kind: "firmware-info", firmwareName: "Marlin 2.1.2.1 (Github)" });
    if (info.kind === "firmware-info") expect(info.fields["EXTRUDER_COUNT"]).toBe("1");
    expect(parseFirmwareLine("Cap:AUTOREPORT_TEMP:1")).toEqual({ kind: "capability", name: "AUTOREPORT_TEMP", enabled: true });
    expect(parseFirmwareLine("Cap:EEPROM:0")).toEqual({ kind: "capability", name: "EEPROM", enabled: false });
  });

  it("splits host actions into action and argument", () => {
    expect(parseFirmwareLine("//action:notification Heating...")).toEqual({
      kind: "action",
      action: "notification",
      argument: "Heating...",
    });
  });
});
