/**
 * Marketplace quotes sliced by the bridge (`job:quote-request`), against a tiny real socket.io
 * hub: the real PrusaSlicer slices the model with the printer's profile and the answer is
 * PrusaSlicer's own estimate; the job, once dispatched, prints the quoted G-code without slicing
 * again; quoting goes on while the printer prints; refusals in plain words (no slicer, material,
 * too big, the safety policy). Then the queue and its time limit, with a scripted slicer.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ack, QuoteEstimate, QuoteRequest, SliceRequest } from "@peerfab/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { virtualPrinterConfig } from "../src/config.ts";
import { QuoteRequests } from "../src/hub/quote-requests.ts";
import { AttachedPrinter } from "../src/printer/attached-printer.ts";
import { type Slicer, type SliceOptions, type SliceResult, SlicerError } from "../src/slicer/slicer.ts";
import { type FakeHub, startFakeHub, TOKEN, until } from "./fake-hub.ts";
import { MODELS_DIR, slicerFigure, writeBoxStl } from "./slicer-support.ts";
import { fastVirtualPrinter, useSlicingBridge } from "./slicing-bridge.ts";

const PRINTER_ID = "hub-virtual-1";

function quoteRequest(jobId: string, model: Buffer, slice: Partial<SliceRequest> = {}, printerId = PRINTER_ID): QuoteRequest {
  return {
    jobId,
    printerId,
    quantity: 2,
    slice: {
      modelPath: `/api/designs/d1/files/${jobId}`,
      modelSha256: createHash("sha256").update(model).digest("hex"),
      fileName: "calibration-cube.stl",
      material: "PLA",
      quality: "normal",
      ...slice,
    },
  };
}

function askQuote(hub: FakeHub, request: unknown): Promise<Ack<QuoteEstimate>> {
  return new Promise((resolve) => hub.bridge()?.emit("job:quote-request", request as QuoteRequest, resolve));
}

function emitAck(hub: FakeHub, event: "job:dispatch" | "job:control", payload: object): Promise<Ack> {
  return new Promise((resolve) => hub.bridge()?.emit(event, payload as never, resolve));
}

describe("quote requests sliced by the bridge", { timeout: 120_000 }, () => {
  const harness = useSlicingBridge("peerfab-quotes");

  it("answers PrusaSlicer's own estimate, prints the quoted G-code once accepted, and quotes while printing", async () => {
    const model = await readFile(join(MODELS_DIR, "calibration-cube.stl"));
    const acceptedLog = join(harness.dir, "accepted.log");
    // Homing takes 3 s: the print is still at its start when the test pauses it.
    const printer = fastVirtualPrinter({}, acceptedLog);
    const hub = await harness.start(model, { printer: { ...printer, virtual: { ...printer.virtual, homingMs: 3000 } } });

    // The same request twice at once (the hub asking again) is sliced once.
    const [first, again] = await Promise.all([askQuote(hub, quoteRequest("job-cube", model)), askQuote(hub, quoteRequest("job-cube", model))]);
    expect(again).toEqual(first);
    if (!first.ok) throw new Error(`not quoted: ${first.detail}`);
    // models/calibration-cube.gcode is PrusaSlicer's own slice of this model for this profile in PLA.
    const reference = await readFile(join(MODELS_DIR, "calibration-cube.gcode"), "utf8");
    const seconds = slicerFigure.seconds(reference);
    const grams = slicerFigure.number(reference, /^; total filament used \[g\] = ([\d.]+)$/m);
    expect(Math.abs(first.printSeconds - seconds) / seconds).toBeLessThan(0.02);
    expect(Math.abs(first.filamentGrams - grams) / grams).toBeLessThan(0.02);
    expect(hub.downloads).toEqual(["/api/designs/d1/files/job-cube"]);
    // Quoting never holds the printer.
    expect(harness.bridge?.printers[0]?.state).toBe("idle");
    expect(hub.statuses.some((s) => Boolean(s.slicing))).toBe(false);

    // Accepted and dispatched as a model: it prints the G-code the quote was sliced from, at once.
    const slice = quoteRequest("job-cube", model, { material: "pla" }).slice;
    expect(await emitAck(hub, "job:dispatch", { jobId: "job-cube", printerId: PRINTER_ID, fileName: slice.fileName, slice })).toEqual({ ok: true });
    await until("the job to start", () => hub.events.find((e) => e.jobId === "job-cube" && e.type === "started"));
    expect(await emitAck(hub, "job:control", { jobId: "job-cube", printerId: PRINTER_ID, action: "pause" })).toEqual({ ok: true });
    expect(hub.downloads).toHaveLength(1);
    expect(hub.statuses.some((s) => Boolean(s.slicing))).toBe(false);

    // While the printer holds the paused job, another job is quoted.
    const other = await askQuote(hub, quoteRequest("job-other", model, { material: "PETG", quality: "draft" }));
    expect(other).toMatchObject({ ok: true });
    expect(harness.bridge?.printers[0]?.job?.jobId).toBe("job-cube");
    expect(await emitAck(hub, "job:control", { jobId: "job-cube", printerId: PRINTER_ID, action: "resume" })).toEqual({ ok: true });

    const completed = await until("completed event", () => hub.events.find((e) => e.jobId === "job-cube" && e.type === "completed"));
    const accepted = (await readFile(acceptedLog, "utf8")).split("\n").filter(Boolean);
    expect(completed.linesDone).toBeGreaterThan(1000);
    // Every command the slicer wrote, plus the park/restore the pause added.
    expect(accepted.length).toBeGreaterThanOrEqual(completed.linesDone);
    expect(accepted.filter((c) => c.startsWith("M104") || c.startsWith("M109"))).toContain("M104 S215");
    expect(hub.events.filter((e) => e.jobId === "job-cube").map((e) => e.type)).toEqual(["started", "paused", "resumed", "completed"]);
  });

  it("refuses in plain words what the printer cannot make: too big, another material, a bad request", async () => {
    const big = join(harness.dir, "big.stl");
    await writeBoxStl(big, 300, 300, 300);
    const model = await readFile(big);
    const hub = await harness.start(model);

    const tooBig = await askQuote(hub, quoteRequest("job-big", model, { fileName: "big-box.stl" }));
    expect(tooBig).toMatchObject({
      ok: false,
      error: "model-too-large",
      detail: expect.stringMatching(/^Slicing for the quote failed: big-box\.stl is larger than the print volume: .* 300 × 300 × 300 mm, the printer prints at most 220 × 220 × 250 mm/),
    });
    expect(await askQuote(hub, quoteRequest("job-abs", model, { material: "ABS" }))).toEqual({
      ok: false,
      error: "material-not-available",
      detail: "PeerFab Virtual MK1 prints PLA, PETG, not ABS; it cannot quote this job.",
    });
    expect(await askQuote(hub, quoteRequest("job-x", model, {}, "hub-nobody"))).toMatchObject({ ok: false, error: "unknown-printer" });
    const invalid = await askQuote(hub, { jobId: "job-y", printerId: PRINTER_ID, quantity: 0, slice: { modelPath: "x" } });
    expect(invalid).toMatchObject({ ok: false, error: "invalid-quote-request", detail: expect.stringMatching(/quantity/) });
    // Only the too-big model was downloaded: the other refusals come before any download.
    expect(hub.downloads).toEqual(["/api/designs/d1/files/job-big"]);
  });

  it("refuses when the bridge has no slicer, and when its safety policy would refuse the sliced job", async () => {
    const model = await readFile(join(MODELS_DIR, "calibration-cube.stl"));
    const hub = await harness.start(model, { slicer: null });
    expect(await askQuote(hub, quoteRequest("job-1", model))).toMatchObject({
      ok: false,
      error: "cannot-slice",
      detail: expect.stringMatching(/cannot quote models: no slicer is installed on its bridge; install PrusaSlicer there/),
    });
    // PETG is sliced at 240 °C; this printer's policy allows at most 230 °C.
    await harness.replaceBridge(fastVirtualPrinter({ safety: { maxHotendC: 230 } }));
    const refused = await askQuote(hub, quoteRequest("job-petg", model, { material: "PETG" }));
    expect(refused).toMatchObject({
      ok: false,
      error: "safety-policy",
      detail: expect.stringMatching(/^PeerFab Virtual MK1 would refuse to print the sliced job, so it is not quoted: .*line \d+ of the file: "M10[49] S240" .*230 °C/),
    });
    expect(await askQuote(hub, quoteRequest("job-pla", model))).toMatchObject({ ok: true });
  });
});

/** A slicer whose runs wait for the test: records how many run at once, honours the time limit. */
class ScriptedSlicer implements Slicer {
  readonly info = { name: "PrusaSlicer", version: "2.5.0" };
  running = 0;
  mostAtOnce = 0;
  readonly started: string[] = [];
  private readonly releases: (() => void)[] = [];

  slice(options: SliceOptions): Promise<SliceResult> {
    this.running++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    this.started.push(options.material);
    return new Promise<SliceResult>((resolve, reject) => {
      const limit = setTimeout(() => reject(new SlicerError("time-limit", "too slow")), options.timeLimitMs ?? 60_000);
      this.releases.push(() => {
        clearTimeout(limit);
        writeFile(options.outputPath, "G28\nG1 X10 Y10 Z0.2 F3000\n").then(
          () => resolve({ gcodePath: options.outputPath, estimates: { printSeconds: 61.4, filamentMm: 100, filamentG: 0.3049 } }),
          reject,
        );
      });
    }).finally(() => this.running--);
  }

  /** Lets the oldest waiting slice finish. */
  release(): void {
    this.releases.shift()?.();
  }

  get waiting(): number {
    return this.releases.length;
  }
}

describe("the quote queue", { timeout: 30_000 }, () => {
  let hub: FakeHub;
  let quotes: QuoteRequests;
  const model = Buffer.from("solid box\nendsolid box\n");

  afterEach(async () => {
    await quotes.close();
    await hub.close();
  });

  function setUp(slicer: Slicer, timeLimitMs: number): void {
    const printer = new AttachedPrinter({ ...virtualPrinterConfig(), slicerProfile: "/profiles/virtual-mk1.ini" }, undefined, undefined, slicer);
    quotes = new QuoteRequests({ hubUrl: hub.url, token: TOKEN, findPrinter: (id) => (id === PRINTER_ID ? printer : undefined), timeLimitMs, maxWaiting: 3 });
  }

  it("slices one quote at a time, in order, and refuses more than it may queue", async () => {
    hub = await startFakeHub(model);
    const slicer = new ScriptedSlicer();
    setUp(slicer, 20_000);
    const answers = ["PLA", "PETG", "pla"].map((material, i) => quotes.answer(quoteRequest(`job-${i}`, model, { material })));
    expect(await quotes.answer(quoteRequest("job-3", model))).toMatchObject({ ok: false, error: "quote-queue-full" });
    for (let i = 0; i < 3; i++) {
      await until(`slice ${i} to start`, () => slicer.waiting === 1);
      slicer.release();
      expect(await answers[i]).toEqual({ ok: true, printSeconds: 61, filamentGrams: 0.3 });
    }
    expect(slicer.started).toEqual(["PLA", "PETG", "pla"]);
    expect(slicer.mostAtOnce).toBe(1);
  });

  it("answers within its time limit: a slow slice is stopped, a quote that waited too long is refused", async () => {
    hub = await startFakeHub(model);
    const slicer = new ScriptedSlicer();
    setUp(slicer, 400);
    const slow = quotes.answer(quoteRequest("job-slow", model));
    const waiting = quotes.answer(quoteRequest("job-waiting", model));
    expect(await slow).toMatchObject({ ok: false, error: "quote-time-limit", detail: expect.stringMatching(/took longer than 0\.4 s, the time a quote may take, and was stopped/) });
    expect(await waiting).toMatchObject({ ok: false, error: "quote-time-limit", detail: expect.stringMatching(/busy slicing other quotes/) });
    expect(slicer.started).toHaveLength(1);
  });
});
