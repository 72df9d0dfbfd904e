/**
 * A job dispatched as a model (`slice` instead of G-code): the bridge downloads it from a tiny
 * real socket.io hub, slices it with the real PrusaSlicer for the virtual printer, reports the
 * slicing in the printer's status, then prints it and sends the hub the G-code it sliced; a
 * slicer error fails the job in plain words; a cancel stops the slicer. Capabilities say whether
 * the printer can slice.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Ack, gcodeCommands, type SliceRequest } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { findSlicer } from "../src/slicer/find-slicer.ts";
import { VIRTUAL_PRINTER_PROFILE } from "../src/slicer/profiles.ts";
import { type FakeHub, until } from "./fake-hub.ts";
import { MODELS_DIR, writeBoxStl } from "./slicer-support.ts";
import { fastVirtualPrinter, useSlicingBridge } from "./slicing-bridge.ts";

function dispatchModel(hub: FakeHub, jobId: string, model: Buffer, slice: Partial<SliceRequest> = {}): Promise<Ack> {
  const request: SliceRequest = {
    modelPath: `/api/jobs/${jobId}/model`,
    modelSha256: createHash("sha256").update(model).digest("hex"),
    fileName: "part.stl",
    material: "PLA",
    quality: "normal",
    ...slice,
  };
  return new Promise((resolve) =>
    hub.bridge()?.emit("job:dispatch", { jobId, printerId: "hub-virtual-1", fileName: request.fileName, slice: request }, resolve),
  );
}

describe("jobs dispatched as a model", { timeout: 120_000 }, () => {
  const harness = useSlicingBridge("peerfab-slice-dispatch");

  it("slices the model with the printer's profile, reports the slicing, then prints every command", async () => {
    const model = await readFile(join(MODELS_DIR, "calibration-cube.stl"));
    const acceptedLog = join(harness.dir, "accepted.log");
    const hub = await harness.start(model, { printer: fastVirtualPrinter({}, acceptedLog) });
    expect(hub.hellos[0]?.printers[0]?.capabilities.slicer).toEqual({ name: "PrusaSlicer", version: "2.5.0" });

    expect(await dispatchModel(hub, "job-cube", model, { fileName: "calibration-cube.stl" })).toEqual({ ok: true });
    expect(await dispatchModel(hub, "job-cube", model)).toEqual({ ok: true }); // again: acked, not sliced twice
    expect(await dispatchModel(hub, "job-other", model)).toMatchObject({ ok: false, error: "printer-busy" });
    const completed = await until("completed event", () => hub.events.find((e) => e.jobId === "job-cube" && e.type === "completed"));
    expect(hub.events.filter((e) => e.jobId === "job-cube").map((e) => e.type)).toEqual(["started", "completed"]);
    expect(hub.downloads).toEqual(["/api/jobs/job-cube/model"]);

    // The dashboard saw the slicing stages, then the print.
    const slicing = hub.statuses.flatMap((s) => (s.slicing ? [s.slicing] : []));
    expect(slicing[0]).toMatchObject({ jobId: "job-cube", fraction: 0 });
    expect(slicing.every((s) => s.jobId === "job-cube")).toBe(true);
    expect(hub.statuses.at(-1)?.slicing).toBeNull();

    // What the printer accepted is what PrusaSlicer makes of the model for this profile.
    const slicer = await findSlicer();
    const reference = await slicer?.slice({
      modelPath: join(MODELS_DIR, "calibration-cube.stl"),
      profile: VIRTUAL_PRINTER_PROFILE,
      material: "PLA",
      quality: "normal",
      outputPath: join(harness.dir, "reference.gcode"),
    });
    const commands = gcodeCommands(await readFile(reference?.gcodePath ?? "", "utf8"));
    expect(completed.linesDone).toBe(commands.length);
    expect((await readFile(acceptedLog, "utf8")).split("\n").filter(Boolean)).toEqual(commands);

    // The G-code it printed went to the hub beside the print, once, for the toolpath preview.
    const upload = await until("the sliced G-code upload", () => hub.uploads[0]);
    expect(upload.path).toBe("/api/jobs/job-cube/sliced-gcode");
    expect(gcodeCommands(upload.body.toString("utf8"))).toEqual(commands);
    expect(hub.uploads).toHaveLength(1);
  });

  it("fails the job with the slicer's problem in plain words", async () => {
    const big = join(harness.dir, "big.stl");
    await writeBoxStl(big, 300, 300, 300);
    const model = await readFile(big);
    const hub = await harness.start(model);
    expect(await dispatchModel(hub, "job-big", model, { fileName: "big-box.stl" })).toEqual({ ok: true });
    const failed = await until("failed event", () => hub.events.find((e) => e.jobId === "job-big" && e.type === "failed"));
    expect(failed.message).toMatch(/^Slicing failed: big-box\.stl is larger than the print volume: .* 300 × 300 × 300 mm, the printer prints at most 220 × 220 × 250 mm/);
    expect(failed.linesDone).toBe(0);
    expect(await dispatchModel(hub, "job-big", model)).toEqual({ ok: true }); // a failed job is not sliced again
    await until("idle without slicing", () => hub.statuses.find((s) => s.state === "idle" && s.slicing === null && s.at > failed.at));
    expect(harness.bridge?.printers[0]?.job).toBeNull();
  });

  it("stops slicing when the hub cancels the job, and prints nothing", async () => {
    const model = await readFile(join(MODELS_DIR, "pencil-cup.stl"));
    const hub = await harness.start(model);
    expect(await dispatchModel(hub, "job-cup", model)).toEqual({ ok: true });
    await until("slicing status", () => hub.statuses.find((s) => s.slicing?.jobId === "job-cup"));
    const ack = await new Promise<Ack>((resolve) =>
      hub.bridge()?.emit("job:control", { jobId: "job-cup", printerId: "hub-virtual-1", action: "cancel" }, resolve),
    );
    expect(ack).toEqual({ ok: true });
    await until("slicing cleared", () => harness.bridge?.printers[0]?.slicing === null);
    await new Promise((r) => setTimeout(r, 500));
    expect(hub.events.filter((e) => e.jobId === "job-cup")).toEqual([]);
    expect(harness.bridge?.printers[0]?.job).toBeNull();
    expect(harness.bridge?.printers[0]?.state).toBe("idle");
  });

  it("refuses models when the bridge has no slicer, and materials the printer does not list", async () => {
    const model = await readFile(join(MODELS_DIR, "calibration-cube.stl"));
    const hub = await harness.start(model, { slicer: null });
    expect(hub.hellos[0]?.printers[0]?.capabilities.slicer).toBeNull();
    expect(await dispatchModel(hub, "job-1", model)).toMatchObject({
      ok: false,
      error: "cannot-slice",
      detail: expect.stringMatching(/cannot slice models: no slicer is installed on its bridge\. Send the job with G-code/),
    });
    // Registered (the hub acknowledged its hello) and the printer is idle.
    await harness.replaceBridge(fastVirtualPrinter());
    expect(await dispatchModel(hub, "job-2", model, { material: "ABS" })).toMatchObject({
      ok: false,
      error: "material-not-available",
      detail: "PeerFab Virtual MK1 prints PLA, PETG, not ABS. Choose another printer or material.",
    });
    expect(hub.downloads).toEqual([]);
  });
});
