/**
 * `printer-bridge slice MODEL` and `printer-bridge print MODEL`: the arguments, and the real CLI
 * process slicing with PrusaSlicer (progress on stderr, the slicer's estimates on stdout) and
 * printing a sliced model on the virtual printer.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCliArguments, UsageError } from "../src/cli-arguments.ts";
import { MODELS_DIR } from "./slicer-support.ts";

const BIN = fileURLToPath(new URL("../bin/printer-bridge.js", import.meta.url));

function runCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("slicing from the command line", () => {
  it("parses slice and print of a model", () => {
    expect(parseCliArguments(["slice", "part.stl", "--profile", "prusa-i3-mk3s", "--material", "PETG", "--quality", "fine", "-o", "out.gcode"])).toEqual({
      kind: "slice",
      model: "part.stl",
      slice: { profile: "prusa-i3-mk3s", material: "PETG", quality: "fine" },
      output: "out.gcode",
    });
    expect(parseCliArguments(["slice", "part.3mf"])).toMatchObject({ slice: { profile: null, material: "PLA", quality: "normal" }, output: null });
    expect(parseCliArguments(["print", "part.3mf", "--virtual"])).toMatchObject({ kind: "print", slice: { profile: null, material: "PLA" } });
    expect(parseCliArguments(["print", "part.gcode", "--virtual"])).toMatchObject({ kind: "print", slice: null });
  });

  it.each([
    [["slice"], /slice needs a model/],
    [["slice", "a.stl", "--quality", "ultra"], /--quality must be draft, normal, fine; got "ultra"/],
    [["print", "a.stl", "--port", "/dev/ttyUSB0"], /name the printer's slicer profile with --profile/],
  ])("explains what is wrong with %j", (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(UsageError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });

  describe("the real command", { timeout: 60_000 }, () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "peerfab-slice-cli-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("slices a model and prints the slicer's estimates", async () => {
      const out = join(dir, "cube.gcode");
      const run = await runCli(["slice", join(MODELS_DIR, "calibration-cube.stl"), "--material", "PETG", "--quality", "draft", "-o", out], dir);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/Slicing calibration-cube\.stl with PrusaSlicer 2\.5\.0, virtual-mk1\.ini, PETG, draft/);
      expect(run.stderr).toMatch(/\d+ %\s+Generating perimeters/);
      const gcode = await readFile(out, "utf8");
      const layers = gcode.match(/^;LAYER_CHANGE$/gm)?.length;
      expect(run.stdout).toMatch(new RegExp(`print time\\s+\\d+m \\d+s \\(PrusaSlicer's estimate\\)`));
      expect(run.stdout).toContain(`layers      ${layers}`);
      expect(gcode).toMatch(/^; filament_type = PETG$/m);
    });

    it("says in plain words why a model cannot be sliced", async () => {
      const out = join(dir, "broken.gcode");
      const run = await runCli(["slice", join(MODELS_DIR, "../fixtures/stl/truncated-binary.stl"), "-o", out], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/printer-bridge: The slicer could not read truncated-binary\.stl as a mesh/);
      expect(existsSync(out)).toBe(false);
    });

    it("prints a model on the virtual printer, slicing it first", async () => {
      const run = await runCli(["print", join(MODELS_DIR, "calibration-cube.stl"), "--virtual"], dir);
      expect(run.stderr).toMatch(/Generating perimeters/);
      expect(run.stdout).toMatch(/^completed \(\d+ lines\)$/m);
      expect(run.code).toBe(0);
    });
  });
});
