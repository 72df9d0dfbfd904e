/**
 * Slicing at the peer: which slicer a bridge has, how the hub asks a bridge to slice a job's
 * mesh (STL or 3MF) before printing it, and the slicing progress a printer reports meanwhile.
 * A printer whose bridge has no slicer (or no slicer profile for it) only takes jobs that come
 * with G-code; `canTakeJob` is the one rule the hub applies.
 */
import { z } from "zod";
import type { PrinterCapabilities } from "./printers.ts";

/** Layer height presets: draft 0.3 mm, normal 0.2 mm, fine 0.1 mm (bounded by the nozzle). */
export const SLICE_QUALITIES = ["draft", "normal", "fine"] as const;
export const SliceQualitySchema = z.enum(SLICE_QUALITIES);
export type SliceQuality = z.infer<typeof SliceQualitySchema>;

/** The slicer a bridge runs for a printer, e.g. `{ name: "PrusaSlicer", version: "2.5.0" }`. */
export const SlicerInfoSchema = z.object({
  name: z.string().min(1).max(40),
  version: z.string().max(40),
});
export type SlicerInfo = z.infer<typeof SlicerInfoSchema>;

/**
 * A job sent as a mesh: the bridge downloads the model from `modelPath` (relative to the hub URL,
 * `Authorization: Bearer <token>`), checks its sha256, slices it with the printer's own profile
 * for `material` (PLA, PETG, ABS) and `quality`, then prints the result.
 */
export const SliceRequestSchema = z.object({
  modelPath: z.string().startsWith("/"),
  modelSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The model's file name (its extension tells STL from 3MF). */
  fileName: z.string().min(1).max(255),
  material: z.string().trim().min(1).max(40),
  quality: SliceQualitySchema,
});
export type SliceRequest = z.infer<typeof SliceRequestSchema>;

/** A printer preparing a job: the slicer's current stage and a rough 0..1 fraction. */
export const SlicingStatusSchema = z.object({
  jobId: z.string().min(1),
  stage: z.string().max(200),
  fraction: z.number().min(0).max(1),
});
export type SlicingStatus = z.infer<typeof SlicingStatusSchema>;

/** True when the printer's bridge can slice meshes for it (a slicer and a profile). */
export function canSlice(capabilities: Pick<PrinterCapabilities, "slicer">): boolean {
  return capabilities.slicer !== undefined && capabilities.slicer !== null;
}

/** Whether a printer can take a job: jobs with G-code always, mesh-only jobs only if it can slice. */
export function canTakeJob(capabilities: Pick<PrinterCapabilities, "slicer">, job: { hasGcode: boolean }): boolean {
  return job.hasGcode || canSlice(capabilities);
}
