/** The marketplace's pure rules: fit in some orientation, distance, rounding, pricing, printer matching. */
import { describe, expect, it } from "vitest";
import { fitsBuildVolume, haversineKm, printerCanMake, type PrinterCapabilities, quotePriceCents, roundCoordinate } from "../src/index.ts";

const printer: PrinterCapabilities = {
  buildVolume: { x: 220, y: 220, z: 250 },
  nozzleDiameter: 0.4,
  firmware: "Marlin",
  firmwareCaps: {},
  materials: ["PLA", "PETG"],
  acceptsRemoteJobs: true,
  virtual: true,
  slicer: { name: "PrusaSlicer", version: "2.5.0" },
};

describe("fitsBuildVolume", () => {
  it("fits a model that only fits when laid on its side", () => {
    expect(fitsBuildVolume({ x: 30, y: 30, z: 240 }, { x: 250, y: 40, z: 40 })).toBe(true);
    expect(fitsBuildVolume({ x: 240, y: 30, z: 30 }, { x: 40, y: 40, z: 250 })).toBe(true);
  });
  it("refuses a model too big in every orientation", () => {
    expect(fitsBuildVolume({ x: 230, y: 230, z: 10 }, { x: 220, y: 220, z: 250 })).toBe(false);
    expect(fitsBuildVolume({ x: 300, y: 10, z: 10 }, { x: 220, y: 220, z: 250 })).toBe(false);
  });
  it("fits exactly at the limits", () => {
    expect(fitsBuildVolume({ x: 220, y: 220, z: 250 }, { x: 220, y: 220, z: 250 })).toBe(true);
  });
});

describe("distances and coordinates", () => {
  it("measures Munich–Berlin at about 504 km", () => {
    expect(haversineKm({ latitude: 48.137, longitude: 11.575 }, { latitude: 52.52, longitude: 13.405 })).toBeCloseTo(504, -1);
  });
  it("rounds coordinates to 0.01° (about 1 km)", () => {
    expect(roundCoordinate(48.13743)).toBeCloseTo(48.14, 10);
    expect(roundCoordinate(-11.57549)).toBeCloseTo(-11.58, 10);
    expect(haversineKm({ latitude: 48.135, longitude: 11.575 }, { latitude: 48.145, longitude: 11.575 })).toBeCloseTo(1.11, 2);
  });
});

describe("quotePriceCents", () => {
  const rules = { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 };
  it("charges hours and grams per piece times quantity", () => {
    expect(quotePriceCents(rules, 3 * 3600, 100, 2)).toBe(2 * (600 + 500));
  });
  it("charges at least the minimum order", () => {
    expect(quotePriceCents(rules, 600, 5, 1)).toBe(500);
  });
});

describe("printerCanMake", () => {
  const needs = { size: { x: 20, y: 20, z: 20 }, material: "pla", hasGcode: false };
  it("accepts a remote job that fits, in a loaded material, with a slicer", () => {
    expect(printerCanMake(printer, needs, ["PLA"])).toEqual({ ok: true });
  });
  it("says why it cannot", () => {
    expect(printerCanMake({ ...printer, acceptsRemoteJobs: false }, needs)).toMatchObject({ ok: false, reason: /does not accept remote jobs/ });
    expect(printerCanMake(printer, { ...needs, size: { x: 300, y: 300, z: 10 } })).toMatchObject({ ok: false, reason: /does not fit the 220 × 220 × 250 mm/ });
    expect(printerCanMake(printer, { ...needs, material: "ABS" })).toMatchObject({ ok: false, reason: /no ABS loaded/ });
    expect(printerCanMake(printer, needs, ["PETG"])).toMatchObject({ ok: false, reason: /shop does not offer pla/ });
    expect(printerCanMake({ ...printer, slicer: null }, needs)).toMatchObject({ ok: false, reason: /no slicer/ });
    expect(printerCanMake({ ...printer, slicer: null }, { ...needs, hasGcode: true })).toEqual({ ok: true });
  });
});
