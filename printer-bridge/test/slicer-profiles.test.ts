/**
 * The shipped printer profiles: the Prusa i3 MK3S and Creality Ender-3 V2 profiles slice every
 * design in models/ with the real PrusaSlicer, keep every extrusion on their beds, and carry
 * their machine's firmware flavour, limits and the job's material. Also how printers.json names
 * a profile (`slicerProfile`).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeGcode } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPrintersFile, virtualPrinterConfig } from "../src/config.ts";
import { findSlicer } from "../src/slicer/find-slicer.ts";
import { PROFILES_DIR, VIRTUAL_PRINTER_PROFILE } from "../src/slicer/profiles.ts";
import { mapConcurrent, MODELS_DIR } from "./slicer-support.ts";

const models = (await readdir(MODELS_DIR)).filter((name) => name.endsWith(".stl")).sort();

const PRINTERS = [
  {
    profile: "prusa-i3-mk3s",
    bed: { x: 250, y: 210 },
    flavor: "marlin",
    limits: ["M201 X1000 Y1000 Z200 E5000", "M203 X200 Y200 Z12 E120"],
    startsWith: ["M862.3 P \"MK3S\"", "G28 W", "G80"],
  },
  {
    profile: "creality-ender3-v2",
    bed: { x: 220, y: 220 },
    flavor: "marlin2",
    limits: ["M201 X500 Y500 Z100 E5000", "M203 X500 Y500 Z5 E25"],
    startsWith: ["G28"],
  },
] as const;

describe.each(PRINTERS)("profile $profile", (printer) => {
  let dir: string;
  const gcode = new Map<string, string>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `peerfab-${printer.profile}-`));
    const slicer = await findSlicer();
    if (!slicer) throw new Error("prusa-slicer is not installed; apt-get install prusa-slicer");
    await mapConcurrent(models, 2, async (model) => {
      const result = await slicer.slice({
        modelPath: join(MODELS_DIR, model),
        profile: join(PROFILES_DIR, `${printer.profile}.ini`),
        material: "PETG",
        quality: "draft",
        outputPath: join(dir, `${model}.gcode`),
      });
      gcode.set(model, await readFile(result.gcodePath, "utf8"));
    });
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(models)("slices %s onto the bed with the printer's start G-code, limits and PETG", (model) => {
    const text = gcode.get(model);
    if (text === undefined) throw new Error(`${model} was not sliced`);
    const analysis = analyzeGcode(text);
    expect(analysis.slicer.flavor).toBe(printer.flavor);
    const box = analysis.boundingBox;
    expect(box?.min.x).toBeGreaterThanOrEqual(0);
    expect(box?.min.y).toBeGreaterThanOrEqual(0);
    expect(box?.max.x).toBeLessThanOrEqual(printer.bed.x);
    expect(box?.max.y).toBeLessThanOrEqual(printer.bed.y);
    for (const line of [...printer.limits, ...printer.startsWith]) expect(text).toContain(`\n${line}`);
    // PETG: 240 °C first layer, 245 °C after, bed 85 → 90 °C; draft: 0.3 mm layers.
    expect(text).toMatch(/^M109 S240\b/m);
    expect(analysis.maxHotendC).toBe(245);
    expect(analysis.maxBedC).toBe(90);
    expect(analysis.layers.z[0]).toBeCloseTo(0.3, 6);
    expect(analysis.layers.count).toBe(text.match(/^;LAYER_CHANGE$/gm)?.length);
  });
});

describe("slicerProfile in printers.json", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-printers-json-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const printer = (localId: string, slicerProfile?: string) => ({
    localId,
    name: localId,
    port: "/dev/ttyACM0",
    buildVolume: { x: 250, y: 210, z: 210 },
    nozzleDiameter: 0.4,
    materials: ["PLA"],
    acceptsRemoteJobs: false,
    ...(slicerProfile ? { slicerProfile } : {}),
  });

  it("resolves a shipped profile by name and an own profile relative to printers.json", async () => {
    await writeFile(join(dir, "my-printer.ini"), "bed_shape = 0x0,100x0,100x100,0x100\n");
    const file = join(dir, "printers.json");
    await writeFile(file, JSON.stringify([printer("mk3s", "prusa-i3-mk3s"), printer("own", "my-printer.ini"), printer("none")]));
    const printers = await loadPrintersFile(file);
    expect(printers.map((p) => p.slicerProfile)).toEqual([join(PROFILES_DIR, "prusa-i3-mk3s.ini"), join(dir, "my-printer.ini"), undefined]);
    expect(virtualPrinterConfig().slicerProfile).toBe(VIRTUAL_PRINTER_PROFILE);
  });

  it("says which profile is missing and which ones exist", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, JSON.stringify([printer("ender", "ender-5")]));
    await expect(loadPrintersFile(file)).rejects.toThrow(
      /printer "ender": slicerProfile "ender-5" not found .*creality-ender3-v2, prusa-i3-mk3s, virtual-mk1/,
    );
  });
});
