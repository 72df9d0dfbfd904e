import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeGcode, parseDuration } from "../src/gcode-analysis/index.ts";

// Small handwritten samples in each slicer's comment format (fixtures/gcode/README.md).
const sample = (name: string) =>
  analyzeGcode(readFileSync(new URL(`../../fixtures/gcode/${name}.gcode`, import.meta.url), "utf8"));

describe("slicer metadata", () => {
  it("reads Cura's ;FLAVOR, ;TIME, ;Filament used (metres) and ;LAYER_COUNT", () => {
    const a = sample("cura");
    expect(a.slicer).toMatchObject({
      name: "Cura",
      version: "5.4.0",
      flavor: "Marlin",
      estimatedTimeS: 1234,
      filamentUsedMm: [10, 2],
      layerCount: 2,
    });
    expect(a.slicer.settings["TARGET_MACHINE.NAME"]).toBe("Creality Ender-3");
    expect(a.layers).toEqual({ count: 2, z: [0.2, 0.4], source: "comments" });
    expect(a.extruders.map((e) => e.filamentMm)).toEqual([13, 2]);
    expect(a.toolChanges).toBe(2);
  });

  it("reads OrcaSlicer's header block and its filament properties", () => {
    const a = sample("orcaslicer");
    expect(a.slicer).toMatchObject({ name: "OrcaSlicer", version: "2.0.0", estimatedTimeS: 65, layerCount: 2 });
    expect(a.extruders[0]).toMatchObject({ filamentMm: 4.5, diameterMm: 1.75, densityGPerCm3: 1.27 });
    expect(a.slicer.settings["curr_bed_type"]).toBe("Textured PEI Plate");
  });

  it("reads Bambu Studio's header block with its total estimated time", () => {
    const a = sample("bambustudio");
    expect(a.slicer).toMatchObject({
      name: "BambuStudio",
      version: "01.08.04.51",
      estimatedTimeS: 130,
      filamentUsedMm: [2],
      layerCount: 1,
    });
    expect(a.extruders[0]?.densityGPerCm3).toBe(1.26);
  });

  it("reads Simplify3D's signature, settings lines and build summary", () => {
    const a = sample("simplify3d");
    expect(a.slicer).toMatchObject({ name: "Simplify3D", version: "4.1.2", estimatedTimeS: 60, filamentUsedMm: [1.5] });
    expect(a.slicer.settings["layerHeight"]).toBe("0.2");
    expect(a.extruders[0]).toMatchObject({ filamentMm: 1.5, densityGPerCm3: 1.25 });
    expect(a.layers).toEqual({ count: 2, z: [0.2, 0.4], source: "comments" });
    expect(a.maxHotendC).toBe(205);
  });

  it("reads PrusaSlicer's config footer for diameter and density", () => {
    const a = sample("prusaslicer-thumbnails");
    expect(a.slicer).toMatchObject({ name: "PrusaSlicer", version: "2.7.1", flavor: "marlin2", estimatedTimeS: 12 });
    expect(a.extruders[0]).toMatchObject({ filamentMm: 4, diameterMm: 2.85, densityGPerCm3: 1.04 });
  });

  it("parses slicer durations", () => {
    expect(parseDuration("2h 20m 38s")).toBe(8438);
    expect(parseDuration("1d 0h 1m 0s")).toBe(86460);
    expect(parseDuration("1 hours 23 minutes")).toBe(4980);
    expect(parseDuration("1:02:03")).toBe(3723);
    expect(parseDuration("soon")).toBeNull();
  });
});

describe("thumbnails", () => {
  it("returns PNG, JPG and QOI thumbnails with their size and base64 text", () => {
    const { thumbnails } = sample("prusaslicer-thumbnails");
    expect(thumbnails.map(({ width, height, format }) => ({ width, height, format }))).toEqual([
      { width: 16, height: 16, format: "png" },
      { width: 4, height: 3, format: "jpg" },
      { width: 2, height: 2, format: "qoi" },
    ]);
    const png = Buffer.from(thumbnails[0]?.base64 ?? "", "base64");
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(16); // IHDR width
    expect(thumbnails[0]?.base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it("does not count thumbnail lines as commands", () => {
    expect(sample("prusaslicer-thumbnails").commandCount).toBe(21);
  });
});
