import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { flavourTraits, identifyFirmware } from "../src/marlin/firmware-flavour.ts";
import { parseFirmwareInfo, parseFirmwareLine } from "../src/marlin/firmware-response.ts";

function fixture(name: string): { kind: string; line: string }[] {
  const path = fileURLToPath(new URL(`../../fixtures/marlin/${name}`, import.meta.url));
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => ({ kind: l.slice(0, l.indexOf("\t")), line: l.slice(l.indexOf("\t") + 1) }));
}

const prusa = fixture("prusa-firmware-3.13-responses.tsv");
const klipper = fixture("klipper-0.12-responses.tsv");
const marlin = fixture("marlin-2.1-responses.tsv");

function m115Fields(rows: { kind: string; line: string }[]): Record<string, string> {
  for (const { line } of rows) {
    const r = parseFirmwareLine(line);
    if (r.kind === "firmware-info") return r.fields;
    if (r.kind === "ok" && r.firmwareInfo) return r.firmwareInfo;
  }
  throw new Error("no M115 answer in fixture");
}

describe("parseFirmwareLine on recorded Prusa-Firmware 3.13 output", () => {
  it.each(prusa)("classifies $line as $kind", ({ kind, line }) => {
    expect(parseFirmwareLine(line).kind).toBe(kind);
  });

  it("reads Prusa's `// action:` host actions (with a space)", () => {
    expect(parseFirmwareLine("// action:paused")).toEqual({ kind: "action", action: "paused", argument: "" });
  });

  it("reads the M109 wait format `T:205.3 E:0 W:7` and ignores P:/A: (PINDA, ambient)", () => {
    expect(parseFirmwareLine("T:205.3 E:0 W:7")).toMatchObject({ kind: "temperatures", temperatures: { tools: [{ actual: 205.3 }], bed: null } });
    const ok = parseFirmwareLine("ok T:24.9 /0.0 B:24.3 /0.0 T0:24.9 /0.0 @:0 B@:0 P:24.1 A:29.6");
    expect(ok).toMatchObject({ kind: "ok", temperatures: { tools: [{ actual: 24.9, target: 0 }], bed: { actual: 24.3 } } });
  });
});

describe("parseFirmwareLine on recorded Klipper 0.12 output", () => {
  it.each(klipper)("classifies $line as $kind", ({ kind, line }) => {
    expect(parseFirmwareLine(line).kind).toBe(kind);
  });

  it("reads the M115 answer Klipper puts on the ok line", () => {
    const ok = parseFirmwareLine("ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396");
    expect(ok).toMatchObject({ kind: "ok", temperatures: null, firmwareInfo: { FIRMWARE_NAME: "Klipper", FIRMWARE_VERSION: "v0.12.0-85-gd785b396" } });
  });

  it("reads Klipper's `B:… T0:… T1:…` temperature order", () => {
    expect(parseFirmwareLine("ok B:60.0 /60.0 T0:210.1 /210.0 T1:24.9 /0.0")).toMatchObject({
      temperatures: { tools: [{ actual: 210.1, target: 210 }, { actual: 24.9, target: 0 }], bed: { actual: 60, target: 60 } },
    });
  });

  it("treats a Klipper shutdown as fatal and a move error as recoverable", () => {
    const severity = (line: string) => {
      const r = parseFirmwareLine(line);
      return r.kind === "error" ? r.severity : null;
    };
    expect(severity("!! Shutdown due to webhooks request")).toBe("fatal");
    expect(severity("!! Lost communication with MCU 'mcu'")).toBe("fatal");
    expect(severity("!! Must home axis first: 110.000 110.000 0.500 [0.000]")).toBe("recoverable");
  });
});

describe("identifyFirmware", () => {
  it("tells Marlin, Prusa-Firmware and Klipper apart from their M115 answers", () => {
    expect(identifyFirmware(m115Fields(marlin))).toEqual({
      flavour: "marlin",
      name: "Marlin 2.1.2.1 (Github)",
      version: "2.1.2.1",
      machineType: "Ender-3",
      extruderCount: 1,
    });
    expect(identifyFirmware(m115Fields(prusa))).toEqual({
      flavour: "prusa",
      name: "Prusa-Firmware 3.13.3 based on Marlin",
      version: "3.13.3",
      machineType: "Prusa i3 MK3S",
      extruderCount: 1,
    });
    expect(identifyFirmware(m115Fields(klipper))).toEqual({
      flavour: "klipper",
      name: "Klipper",
      version: "v0.12.0-85-gd785b396",
      machineType: null,
      extruderCount: null,
    });
    expect(identifyFirmware(parseFirmwareInfo("FIRMWARE_NAME:Smoothieware FIRMWARE_URL:http%3A//smoothieware.org")).flavour).toBe("smoothieware");
    expect(identifyFirmware({}).flavour).toBe("unknown");
  });

  it("knows which firmware flushes its receive buffer on a resend and which never asks for one", () => {
    expect(flavourTraits("prusa").flushesReceiveBufferOnResend).toBe(true);
    expect(flavourTraits("marlin").flushesReceiveBufferOnResend).toBe(false);
    expect(flavourTraits("klipper").requestsResends).toBe(false);
    expect(flavourTraits("klipper").reportsCapabilities).toBe(false);
  });

  it("counts on one command-queue slot after an ok only where the ok comes after execution (Marlin)", () => {
    expect(flavourTraits("marlin").queueSlotsAfterOk).toBe(1);
    expect(flavourTraits("repetier").queueSlotsAfterOk).toBe(0); // answers ok on receipt
    expect(flavourTraits("unknown").queueSlotsAfterOk).toBe(0);
  });
});
