/** The pure parts of the PrusaSlicer adapter against its real output (fixtures/slicer/). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBedShape, profileFacts } from "../src/slicer/printer-profile.ts";
import { parseModelInfo, parsePrusaSlicerVersion, parseStageLine, stripLogPrefix } from "../src/slicer/prusa-slicer-output.ts";
import { layerHeights, materialPreset, sliceSettingArguments } from "../src/slicer/slice-settings.ts";
import { explainSlicerFailure } from "../src/slicer/slicer-errors.ts";
import { SlicerError } from "../src/slicer/slicer.ts";
import { SLICER_FIXTURES } from "./slicer-support.ts";

const fixture = (name: string) => readFileSync(join(SLICER_FIXTURES, name), "utf8");
const lines = (name: string) => fixture(name).split("\n");

describe("PrusaSlicer output", () => {
  it("reads the version from --help", () => {
    expect(parsePrusaSlicerVersion(fixture("help.txt"))).toBe("2.5.0");
    expect(parsePrusaSlicerVersion("Slic3r 1.3.0\n")).toBeNull();
  });

  it("turns stage lines into names and a never-decreasing fraction, ignoring the rest", () => {
    const stages = lines("slice-progress.txt").map(parseStageLine).filter((s) => s !== null);
    // `NN => stage` lines, and the info lines of --loglevel 3 that name a stage.
    expect(new Set(stages.map((s) => s.stage))).toEqual(
      new Set([
        "Starting the slicing process",
        "Processing triangulated mesh",
        "Slicing volumes",
        "Generating perimeters",
        "Infilling layers",
        "Preparing infill",
        "Detecting solid surfaces",
        "Preparing fill surfaces",
        "Processing external surfaces",
        "Discovering vertical shells",
        "Bridge over infill",
        "Generating skirt and brim",
        "Slicing process finished",
        "Exporting G-code",
        "Exporting G-code finished",
      ]),
    );
    const fractions = stages.map((s) => s.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(parseStageLine("45 => Something new")).toEqual({ stage: "Something new", fraction: 0.45 });
    expect(stripLogPrefix(lines("slice-progress.txt")[0] ?? "")).toEqual({ level: "trace", text: "Initializing StaticPrintConfigs" });
  });

  it("reads every object's size from --info", () => {
    const objects = parseModelInfo(fixture("info-multiple-objects.txt"));
    expect(objects).toHaveLength(6);
    expect(objects[0]).toEqual({ name: "multiple_cylinders.3mf", size: { x: 20, y: 19.796401, z: 20 }, manifold: true, facets: 88 });
  });
});

describe("printer profiles and per-job settings", () => {
  it("reads the bed, height and nozzle of a profile, with PrusaSlicer's defaults", () => {
    const facts = profileFacts("# c\nbed_shape = 0x-4,250x-4,250x210,0x210\nmax_print_height = 210\nnozzle_diameter = 0.6,0.4\n");
    expect(facts).toMatchObject({ bed: { minX: 0, maxX: 250, minY: -4, maxY: 210 }, maxHeight: 210, nozzleDiameter: 0.6 });
    expect(profileFacts("")).toMatchObject({ bed: { minX: 0, maxX: 200, minY: 0, maxY: 200 }, maxHeight: 200, nozzleDiameter: 0.4 });
    expect(parseBedShape("nonsense")).toEqual({ minX: 0, maxX: 200, minY: 0, maxY: 200 });
  });

  it("keeps layers within 75 % of the nozzle and names unknown materials", () => {
    expect(layerHeights("draft", 0.4)).toEqual({ layer: 0.3, firstLayer: 0.3 });
    expect(layerHeights("fine", 0.4)).toEqual({ layer: 0.1, firstLayer: 0.2 });
    expect(layerHeights("draft", 0.25)).toEqual({ layer: 0.18, firstLayer: 0.18 });
    expect(materialPreset("petg").name).toBe("PETG");
    expect(() => materialPreset("Nylon")).toThrow(/no settings for "Nylon"; it knows PLA, PETG, ABS/);
    const args = sliceSettingArguments(materialPreset("ABS"), layerHeights("normal", 0.4));
    expect(args.join(" ")).toContain("--temperature 255 --first-layer-bed-temperature 100 --bed-temperature 110");
    expect(args.join(" ")).toContain("--layer-height 0.2 --first-layer-height 0.2");
  });
});

describe("PrusaSlicer failures in plain words", () => {
  const explain = (name: string, exitCode: number | null = 1, signal: NodeJS.Signals | null = null) =>
    explainSlicerFailure({ exitCode, signal, lines: lines(name), modelPath: "/tmp/x/part.stl", profilePath: "/p/broken.ini" });

  it.each([
    ["model-unreadable.txt", "model-unreadable", /could not read part\.stl as a mesh.*Export the model again/],
    ["model-format.txt", "model-format", /takes STL and 3MF/],
    ["nothing-to-print.txt", "nothing-to-print", /Nothing to print in part\.stl.*thinner than one layer/],
    ["profile-invalid-value.txt", "profile-invalid", /profile broken\.ini cannot be used: .*Invalid value provided for parameter layer_height: abc/],
    ["setting-rejected.txt", "setting-rejected", /refused a setting for this job: .*Invalid value for --perimeters/],
    ["relative-e-without-reset.txt", "slicer-failed", /Relative extruder addressing .* fix the printer's profile broken\.ini/],
  ])("%s → %s", (name, code, message) => {
    const error = explain(name);
    expect(error).toBeInstanceOf(SlicerError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("calls a signal or an exit code above 1 a crash", () => {
    expect(explain("slice-progress.txt", null, "SIGSEGV")).toMatchObject({ code: "crashed", message: expect.stringMatching(/crashed \(signal SIGSEGV\)/) });
    expect(explain("slice-progress.txt", 134)).toMatchObject({ code: "crashed", message: expect.stringMatching(/exit code 134/) });
  });
});
