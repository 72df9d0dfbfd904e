import { describe, expect, it } from "vitest";
import { JobDispatchSchema } from "../src/events.ts";
import { PrinterCapabilitiesSchema, PrinterStatusSchema } from "../src/printers.ts";
import { canSlice, canTakeJob } from "../src/slicing.ts";

const capabilities = {
  buildVolume: { x: 220, y: 220, z: 250 },
  nozzleDiameter: 0.4,
  firmware: "Marlin 2.1.2",
  firmwareCaps: {},
  materials: ["PLA"],
  acceptsRemoteJobs: true,
  virtual: false,
};
const sha = "a".repeat(64);

describe("slicing in the protocol", () => {
  it("accepts capabilities from bridges older than slicing, and says they cannot slice", () => {
    const old = PrinterCapabilitiesSchema.parse(capabilities);
    expect(canSlice(old)).toBe(false);
    expect(canTakeJob(old, { hasGcode: true })).toBe(true);
    expect(canTakeJob(old, { hasGcode: false })).toBe(false);
    const withoutSlicer = PrinterCapabilitiesSchema.parse({ ...capabilities, slicer: null });
    expect(canTakeJob(withoutSlicer, { hasGcode: false })).toBe(false);
    const slicing = PrinterCapabilitiesSchema.parse({ ...capabilities, slicer: { name: "PrusaSlicer", version: "2.5.0" } });
    expect(canSlice(slicing)).toBe(true);
    expect(canTakeJob(slicing, { hasGcode: false })).toBe(true);
  });

  it("takes a dispatch with G-code or with a model to slice, not with neither", () => {
    const base = { jobId: "j", printerId: "p", fileName: "part.stl" };
    expect(JobDispatchSchema.safeParse({ ...base, gcodePath: "/api/jobs/j/gcode", gcodeSha256: sha }).success).toBe(true);
    const slice = { modelPath: "/api/jobs/j/model", modelSha256: sha, fileName: "part.stl", material: "PETG", quality: "fine" };
    expect(JobDispatchSchema.parse({ ...base, slice }).slice).toEqual(slice);
    const neither = JobDispatchSchema.safeParse(base);
    expect(neither.success).toBe(false);
    expect(neither.error?.issues[0]?.message).toMatch(/gcodePath and gcodeSha256, or slice/);
    expect(JobDispatchSchema.safeParse({ ...base, slice: { ...slice, quality: "ultra" } }).success).toBe(false);
  });

  it("carries the slicing progress in a printer's status, optional for older bridges", () => {
    const status = { printerId: "p", state: "idle", temperatures: null, progress: null, message: null, at: "2026-01-01T00:00:00Z" };
    expect(PrinterStatusSchema.parse(status).slicing).toBeUndefined();
    expect(PrinterStatusSchema.parse({ ...status, slicing: { jobId: "j", stage: "Generating perimeters", fraction: 0.05 } }).slicing).toEqual({
      jobId: "j",
      stage: "Generating perimeters",
      fraction: 0.05,
    });
    expect(PrinterStatusSchema.safeParse({ ...status, slicing: { jobId: "j", stage: "x", fraction: 2 } }).success).toBe(false);
  });
});
