import { z } from "zod";
import { SlicerInfoSchema, SlicingStatusSchema } from "./slicing.ts";

/** Printable space of a printer in millimetres, origin at the front-left corner of the bed. */
export const BuildVolumeSchema = z.object({
  x: z.number().positive(),
  y: z.number().positive(),
  z: z.number().positive(),
});
export type BuildVolume = z.infer<typeof BuildVolumeSchema>;

/** Firmware family the bridge detected from `M115`; each needs its own handling of the serial protocol. */
export const PRINTER_FIRMWARE_FLAVOURS = ["marlin", "prusa", "klipper", "unknown"] as const;
export const PrinterFirmwareFlavourSchema = z.enum(PRINTER_FIRMWARE_FLAVOURS);
export type PrinterFirmwareFlavour = z.infer<typeof PrinterFirmwareFlavourSchema>;

/** What the bridge learned about a printer from its firmware (`M115`) and its owner's config. */
export const PrinterCapabilitiesSchema = z.object({
  buildVolume: BuildVolumeSchema,
  nozzleDiameter: z.number().positive(),
  firmware: z.string(),
  /** `Cap:` flags reported by `M115`, e.g. `{ AUTOREPORT_TEMP: true }`. */
  firmwareCaps: z.record(z.string(), z.boolean()),
  /** Detected firmware family ("unknown" until the handshake read it). Absent from older bridges. */
  firmwareFlavour: PrinterFirmwareFlavourSchema.optional(),
  materials: z.array(z.string()),
  acceptsRemoteJobs: z.boolean(),
  virtual: z.boolean(),
  /**
   * The slicer the bridge runs for this printer, or null: then it only takes jobs that come
   * with G-code (see `canSlice`). Absent from bridges older than slicing.
   */
  slicer: SlicerInfoSchema.nullable().optional(),
});
export type PrinterCapabilities = z.infer<typeof PrinterCapabilitiesSchema>;

export const PRINTER_STATES = ["offline", "connecting", "idle", "printing", "paused", "error"] as const;
export const PrinterStateSchema = z.enum(PRINTER_STATES);
export type PrinterState = z.infer<typeof PrinterStateSchema>;

export const HeaterSchema = z.object({ actual: z.number(), target: z.number() });
export type Heater = z.infer<typeof HeaterSchema>;

/** One temperature report: hotends by tool index (`T0`, `T1`, …) and the bed, if present. */
export const TemperaturesSchema = z.object({
  tools: z.array(HeaterSchema),
  bed: HeaterSchema.nullable(),
  chamber: HeaterSchema.nullable().optional(),
});
export type Temperatures = z.infer<typeof TemperaturesSchema>;

export const JobProgressSchema = z.object({
  jobId: z.string(),
  /** Lines acknowledged by the firmware so far. */
  linesDone: z.number().int().nonnegative(),
  linesTotal: z.number().int().nonnegative(),
  /** 0..1 */
  fraction: z.number().min(0).max(1),
  startedAt: z.string(),
  etaSeconds: z.number().nonnegative().nullable(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

/** Live status of one printer, as the bridge reports it and the hub relays it. */
export const PrinterStatusSchema = z.object({
  printerId: z.string(),
  state: PrinterStateSchema,
  temperatures: TemperaturesSchema.nullable(),
  progress: JobProgressSchema.nullable(),
  message: z.string().nullable(),
  at: z.string(),
  /** Set while the bridge slices a job's model for this printer, before printing it. */
  slicing: SlicingStatusSchema.nullable().optional(),
});
export type PrinterStatus = z.infer<typeof PrinterStatusSchema>;

/** A printer as the hub lists it (`GET /api/printers`). */
export const PrinterSchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerId: z.string(),
  capabilities: PrinterCapabilitiesSchema,
  status: PrinterStatusSchema,
  /**
   * Marketplace (issue #5; optional for older hubs): a job finished or stopped on this printer and
   * its operator has not yet confirmed the bed is clear; no next job starts until they do.
   */
  needsBedClear: z.boolean().optional(),
});
export type Printer = z.infer<typeof PrinterSchema>;
