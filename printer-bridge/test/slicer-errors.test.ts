/**
 * The adapter's failures, each triggered for real with PrusaSlicer 2.5: what the user is told,
 * and that no G-code is left behind. Cancellation and the time limit stop the whole process
 * group (checked through a wrapper script that runs the slicer as a grandchild, as an AppImage
 * does); a crash is simulated by a script that kills itself with SIGSEGV.
 */
import { chmod, copyFile, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSlicer } from "../src/slicer/find-slicer.ts";
import { VIRTUAL_PRINTER_PROFILE } from "../src/slicer/profiles.ts";
import { PrusaSlicerCli } from "../src/slicer/prusa-slicer-cli.ts";
import { type SliceOptions, SlicerError } from "../src/slicer/slicer.ts";
import { MODELS_DIR, writeBoxStl } from "./slicer-support.ts";

const FIXTURES = join(MODELS_DIR, "../fixtures");

/** Alive unless gone or a zombie (a container's PID 1 may not reap orphans). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("slicer errors in plain words", { timeout: 30_000 }, () => {
  let dir: string;
  let slicer: PrusaSlicerCli;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-slicer-errors-"));
    const found = await findSlicer();
    if (!found) throw new Error("prusa-slicer is not installed; apt-get install prusa-slicer");
    slicer = found;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Slices and expects a SlicerError; checks nothing was left at the output path. */
  async function failure(options: Partial<SliceOptions> & { modelPath: string }, using: PrusaSlicerCli = slicer): Promise<SlicerError> {
    const outputPath = join(dir, `out-${Math.random().toString(36).slice(2)}.gcode`);
    const error = await using
      .slice({ profile: VIRTUAL_PRINTER_PROFILE, material: "PLA", quality: "normal", outputPath, ...options })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SlicerError);
    expect(existsSync(outputPath)).toBe(false);
    expect(existsSync(`${outputPath}.tmp`)).toBe(false);
    return error as SlicerError;
  }

  it("a model larger than the print volume", async () => {
    const model = join(dir, "big-box.stl");
    await writeBoxStl(model, 300, 300, 300);
    const error = await failure({ modelPath: model });
    expect(error.code).toBe("model-too-large");
    expect(error.message).toMatch(/big-box\.stl is larger than the print volume: .* 300 × 300 × 300 mm, the printer prints at most 220 × 220 × 250 mm\. Scale it down/);
  });

  it("a model that fits turned by 90°", async () => {
    const model = join(dir, "long-box.stl");
    await writeBoxStl(model, 20, 240, 10);
    const bed = join(dir, "wide-bed.ini");
    await writeFile(bed, (await readFile(VIRTUAL_PRINTER_PROFILE, "utf8")).replace(/^bed_shape = .*$/m, "bed_shape = 0x0,250x0,250x200,0x200"));
    const error = await failure({ modelPath: model, profile: bed });
    expect(error.code).toBe("model-too-large");
    expect(error.message).toMatch(/Turn it 90° on the bed/);
  });

  it("a print (with its skirt and prime line) that leaves the bed", async () => {
    const model = join(dir, "box-28.stl");
    await writeBoxStl(model, 28, 28, 5);
    const small = join(dir, "small-bed.ini");
    await writeFile(small, (await readFile(VIRTUAL_PRINTER_PROFILE, "utf8")).replace(/^bed_shape = .*$/m, "bed_shape = 0x0,30x0,30x30,0x30"));
    const error = await failure({ modelPath: model, profile: small });
    expect(error.code).toBe("model-outside-volume");
    expect(error.message).toMatch(/outside the printer's print volume \(bed X 0…30, Y 0…30/);
  });

  it("a file that is not a mesh, or is cut short", async () => {
    for (const source of ["stl/not-an-stl.stl", "stl/truncated-binary.stl", "3mf/not-a-zip.3mf", "3mf/malformed-xml.3mf"]) {
      const model = join(dir, source.replace("/", "-"));
      await copyFile(join(FIXTURES, source), model);
      const error = await failure({ modelPath: model });
      expect(error.code, source).toBe("model-unreadable");
      expect(error.message).toMatch(/could not read .* as a mesh: the file is empty, cut short or not really an STL\/3MF/);
    }
  });

  it("a file type the slicer does not read", async () => {
    const model = join(dir, "notes.txt");
    await writeFile(model, "not a model\n");
    const error = await failure({ modelPath: model });
    expect(error.code).toBe("model-format");
    expect(error.message).toMatch(/notes\.txt is not a model the slicer reads: it takes STL and 3MF/);
  });

  it("nothing to print: a model thinner than one layer", async () => {
    const model = join(dir, "foil.stl");
    await writeBoxStl(model, 20, 20, 0.05);
    const error = await failure({ modelPath: model });
    expect(error.code).toBe("nothing-to-print");
    expect(error.message).toMatch(/Nothing to print in foil\.stl: the model is thinner than one layer/);
  });

  it("a profile with a key the slicer does not know, or a value it cannot read", async () => {
    const model = join(MODELS_DIR, "calibration-cube.stl");
    const typo = join(dir, "typo.ini");
    await writeFile(typo, `${await readFile(VIRTUAL_PRINTER_PROFILE, "utf8")}\nbed_temprature = 60\n`);
    const unknown = await failure({ modelPath: model, profile: typo });
    expect(unknown.code).toBe("profile-invalid");
    expect(unknown.message).toMatch(/typo\.ini has settings PrusaSlicer 2\.5\.0 does not know: bed_temprature\. Check their spelling/);

    const odd = join(dir, "odd.ini");
    await writeFile(odd, "gcode_flavor = nonsense\n");
    const substituted = await failure({ modelPath: model, profile: odd });
    expect(substituted.code).toBe("profile-invalid");
    expect(substituted.message).toMatch(/odd\.ini has values PrusaSlicer 2\.5\.0 does not accept \(key = "gcode_flavor" loaded = "nonsense/);

    const broken = join(dir, "broken.ini");
    await writeFile(broken, "layer_height = abc\n");
    const invalid = await failure({ modelPath: model, profile: broken });
    expect(invalid.code).toBe("profile-invalid");
    expect(invalid.message).toMatch(/Invalid value provided for parameter layer_height: abc/);

    const missing = await failure({ modelPath: model, profile: join(dir, "missing.ini") });
    expect(missing.code).toBe("profile-invalid");
    expect(missing.message).toMatch(/missing\.ini cannot be read \(ENOENT\)\. Set slicerProfile in printers\.json/);
  });

  it("a setting the slicer refuses", async () => {
    const profile = join(dir, "perimeters.ini");
    await writeFile(profile, "perimeters = -3\n");
    const error = await failure({ modelPath: join(MODELS_DIR, "calibration-cube.stl"), profile });
    expect(error.code).toBe("setting-rejected");
    expect(error.message).toMatch(/refused a setting for this job: .*perimeters/);
  });

  it("a material without settings", async () => {
    const error = await failure({ modelPath: join(MODELS_DIR, "calibration-cube.stl"), material: "Nylon" });
    expect(error).toMatchObject({ code: "unknown-material", message: expect.stringMatching(/no settings for "Nylon"/) });
  });

  it("the time limit", async () => {
    const error = await failure({ modelPath: join(MODELS_DIR, "pencil-cup.stl"), timeLimitMs: 1 });
    expect(error.code).toBe("time-limit");
    expect(error.message).toMatch(/took longer than the 1 ms time limit and was stopped\. Simplify the model/);
  });

  it("cancellation stops the slicer's whole process group and leaves no output", async () => {
    const pids = join(dir, "pids");
    const wrapper = join(dir, "wrapped-prusa-slicer");
    // Like an AppImage: the real slicer runs as a child of the started process.
    await writeFile(wrapper, `#!/bin/sh\n/usr/bin/prusa-slicer "$@" &\necho $! >> ${pids}\nwait $!\nexit $?\n`);
    await chmod(wrapper, 0o755);
    const wrapped = new PrusaSlicerCli({ executable: wrapper, version: "2.5.0" });
    const controller = new AbortController();
    const stages: string[] = [];
    const error = await failure(
      {
        modelPath: join(MODELS_DIR, "pencil-cup.stl"),
        signal: controller.signal,
        onProgress: ({ stage }) => {
          stages.push(stage);
          if (stage === "Generating perimeters") controller.abort();
        },
      },
      wrapped,
    );
    // Cancelled mid-slice: the progress lines came as the slicer printed them, not at its exit.
    expect(stages).toContain("Generating perimeters");
    expect(stages).not.toContain("Exporting G-code");
    expect(error).toMatchObject({ code: "cancelled", message: "Slicing was cancelled; nothing was printed." });
    const slicerPids = (await readFile(pids, "utf8")).trim().split("\n").map(Number);
    expect(slicerPids.length).toBe(3); // profile check, --info, the slice itself
    await new Promise((r) => setTimeout(r, 100));
    for (const pid of slicerPids) expect(alive(pid), `slicer process ${pid}`).toBe(false);
    expect((await readdir(dir)).filter((name) => name.endsWith(".gcode") || name.endsWith(".tmp"))).toEqual([]);
  });

  it("an already cancelled signal never starts the slicer", async () => {
    const error = await failure({ modelPath: join(MODELS_DIR, "calibration-cube.stl"), signal: AbortSignal.abort() });
    expect(error.code).toBe("cancelled");
  });

  it("a crash", async () => {
    const crashing = join(dir, "crashing-slicer");
    // Answers the profile check and --info like the real slicer, then dies slicing.
    await writeFile(crashing, `#!/bin/sh\ncase " $* " in *" --export-gcode "*) echo "10 => Processing triangulated mesh"; kill -SEGV $$ ;; esac\nexec /usr/bin/prusa-slicer "$@"\n`);
    await chmod(crashing, 0o755);
    const error = await failure({ modelPath: join(MODELS_DIR, "calibration-cube.stl") }, new PrusaSlicerCli({ executable: crashing, version: "2.5.0" }));
    expect(error.code).toBe("crashed");
    expect(error.message).toMatch(/The slicer crashed \(signal SIGSEGV\) while slicing calibration-cube\.stl.*Try again/);
  });

  it("no slicer installed", async () => {
    expect(await findSlicer({ env: { PEERFAB_PRUSA_SLICER: join(dir, "no-such-slicer") } })).toBeNull();
    const error = await failure(
      { modelPath: join(MODELS_DIR, "calibration-cube.stl") },
      new PrusaSlicerCli({ executable: join(dir, "no-such-slicer"), version: "2.5.0" }),
    );
    expect(error.code).toBe("slicer-missing");
    expect(error.message).toMatch(/PrusaSlicer could not be started from .*no-such-slicer \(ENOENT\)\. Install it/);
  });
});
