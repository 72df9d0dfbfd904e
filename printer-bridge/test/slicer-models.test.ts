/**
 * Every design in models/ sliced with the real PrusaSlicer for the virtual printer through the
 * adapter, then printed on the virtual printer behind the real serial stack. The analyzer's
 * figures must agree with PrusaSlicer's own (filament within 1 %, layers exactly), and the
 * printer must accept exactly the commands of the file.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeGcode, gcodeCommands } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { virtualPrinterConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { connectReadyPrinter } from "../src/printer/attached-printer.ts";
import { findSlicer } from "../src/slicer/find-slicer.ts";
import { VIRTUAL_PRINTER_PROFILE } from "../src/slicer/profiles.ts";
import type { SliceProgress, SliceResult } from "../src/slicer/slicer.ts";
import { mapConcurrent, MODELS_DIR, slicerFigure } from "./slicer-support.ts";

const models = (await readdir(MODELS_DIR)).filter((name) => name.endsWith(".stl")).sort();

describe("slicing models/ with PrusaSlicer for the virtual printer", () => {
  let dir: string;
  const sliced = new Map<string, { result: SliceResult; progress: SliceProgress[] }>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-slice-models-"));
    const slicer = await findSlicer();
    if (!slicer) throw new Error("prusa-slicer is not installed; apt-get install prusa-slicer");
    // At most two slicers at once: the CI machine has two cores.
    await mapConcurrent(models, 2, async (model) => {
      const progress: SliceProgress[] = [];
      const result = await slicer.slice({
        modelPath: join(MODELS_DIR, model),
        profile: VIRTUAL_PRINTER_PROFILE,
        material: "PLA",
        quality: "normal",
        outputPath: join(dir, model.replace(/\.stl$/, ".gcode")),
        onProgress: (p) => progress.push(p),
      });
      sliced.set(model, { result, progress });
    });
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("finds the four sample designs", () => {
    expect(models).toEqual(["calibration-cube.stl", "corner-bracket.stl", "hex-coaster.stl", "pencil-cup.stl"]);
  });

  describe.each(models)("%s", (model) => {
    it("returns PrusaSlicer's own estimates and reports its stages in order", async () => {
      const entry = sliced.get(model);
      if (!entry) throw new Error(`${model} was not sliced`);
      const text = await readFile(entry.result.gcodePath, "utf8");
      expect(entry.result.estimates.printSeconds).toBe(slicerFigure.seconds(text));
      expect(entry.result.estimates.filamentMm).toBe(slicerFigure.number(text, /^; filament used \[mm\] = ([\d.]+)$/m));
      expect(entry.result.estimates.filamentG).toBeCloseTo(slicerFigure.number(text, /^; filament used \[g\] = ([\d.]+)$/m), 1);
      expect(entry.result.estimates.layers).toBe(text.match(/^;LAYER_CHANGE$/gm)?.length);
      const stages = entry.progress.map((p) => p.stage);
      expect(stages).toEqual(expect.arrayContaining(["Generating perimeters", "Exporting G-code", "Sliced"]));
      const fractions = entry.progress.map((p) => p.fraction);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      expect(fractions.at(-1)).toBe(1);
    });

    it("analyzes to PrusaSlicer's filament length (within 1 %) and layer count (exactly)", async () => {
      const text = await readFile(join(dir, model.replace(/\.stl$/, ".gcode")), "utf8");
      const analysis = analyzeGcode(text);
      const prusaMm = slicerFigure.number(text, /^; filament used \[mm\] = ([\d.]+)$/m);
      expect(Math.abs(analysis.filamentMm - prusaMm) / prusaMm).toBeLessThan(0.01);
      const layerComments = text.match(/^;LAYER_CHANGE$/gm)?.length ?? 0;
      expect(layerComments).toBeGreaterThan(0);
      expect(analysis.layers.count).toBe(layerComments);
      // PLA at normal quality: the material preset's temperatures and 0.2 mm layers.
      expect(analysis.maxHotendC).toBe(215);
      expect(analysis.maxBedC).toBe(60);
      expect(analysis.layers.z[1]! - analysis.layers.z[0]!).toBeCloseTo(0.2, 6);
    });
  });

  it("prints each sliced model on the virtual printer: every command accepted, once", async () => {
    for (const model of models) {
      const gcodePath = join(dir, model.replace(/\.stl$/, ".gcode"));
      const acceptedLog = join(dir, `${model}.accepted`);
      const config = virtualPrinterConfig(acceptedLog);
      const printer = await connectReadyPrinter({ ...config, virtual: { ...config.virtual, heatingRate: 2000 } }, silentLogger);
      try {
        const gcode = await readFile(gcodePath, "utf8");
        const outcome = await printer.print(`job-${model}`, gcode);
        const commands = gcodeCommands(gcode);
        expect(outcome).toMatchObject({ outcome: "completed", linesDone: commands.length });
        const accepted = (await readFile(acceptedLog, "utf8")).split("\n").filter(Boolean);
        expect(accepted.length).toBe(commands.length);
        expect(accepted).toEqual(commands);
      } finally {
        await printer.close();
      }
    }
  }, 240_000);
});
