import { z } from "zod";
import type { AckCallback } from "./errors.ts";
import type { Design } from "./designs.ts";
import type { Job } from "./jobs.ts";
import { PrinterCapabilitiesSchema, type Printer, type PrinterStatus, PrinterStatusSchema } from "./printers.ts";
import { SliceRequestSchema } from "./slicing.ts";
import type { JobOffer, JobWithdrawn, QuoteEstimate, QuoteRequest } from "./marketplace.ts";

/**
 * socket.io namespaces. Browsers use the default namespace; printer-bridges use `/bridge` and
 * authenticate with `auth: { token }` (an API token of the printers' owner).
 */
export const BRIDGE_NAMESPACE = "/bridge";

// ---------------------------------------------------------------------------------------------
// bridge → hub
// ---------------------------------------------------------------------------------------------

/** A printer as the bridge announces it. `localId` is the bridge's own stable name for it. */
export const BridgePrinterSchema = z.object({
  localId: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  capabilities: PrinterCapabilitiesSchema,
});
export type BridgePrinter = z.infer<typeof BridgePrinterSchema>;

/** What the bridge is doing with a job right now; sent in `bridge:hello` so the hub can reconcile. */
export const BridgeJobReportSchema = z.object({
  jobId: z.string().min(1),
  printerLocalId: z.string().min(1),
  state: z.enum(["printing", "paused", "completed", "failed", "cancelled"]),
  linesDone: z.number().int().nonnegative(),
  message: z.string().nullable(),
});
export type BridgeJobReport = z.infer<typeof BridgeJobReportSchema>;

export const BridgeHelloSchema = z.object({
  /** Stable id of this bridge installation (persisted by the bridge). */
  bridgeId: z.string().min(1).max(64),
  version: z.string().max(40),
  printers: z.array(BridgePrinterSchema).max(64),
  jobs: z.array(BridgeJobReportSchema).max(64),
});
export type BridgeHello = z.infer<typeof BridgeHelloSchema>;

export interface BridgeHelloResult {
  /** Hub-wide printer ids for the bridge's printers. */
  printers: { localId: string; printerId: string }[];
}

/** Telemetry: sent about every 2 s per printer and on every state change. Not acknowledged. */
export const PrinterStatusReportSchema = PrinterStatusSchema;
export type PrinterStatusReport = PrinterStatus;

export const JOB_EVENT_TYPES = ["started", "paused", "resumed", "completed", "failed", "cancelled"] as const;

/**
 * A state change of a job on a printer. Carries a unique `eventId`; the hub acknowledges it
 * once persisted, and a resent event with the same id is acknowledged again without effect.
 */
export const JobEventSchema = z.object({
  eventId: z.string().min(8).max(64),
  jobId: z.string().min(1),
  printerId: z.string().min(1),
  type: z.enum(JOB_EVENT_TYPES),
  linesDone: z.number().int().nonnegative(),
  message: z.string().max(2000).nullable(),
  at: z.string(),
});
export type JobEvent = z.infer<typeof JobEventSchema>;

export interface BridgeToHubEvents {
  "bridge:hello": (hello: BridgeHello, ack: AckCallback<BridgeHelloResult>) => void;
  "printer:status": (status: PrinterStatusReport) => void;
  "job:event": (event: JobEvent, ack: AckCallback) => void;
}

// ---------------------------------------------------------------------------------------------
// hub → bridge
// ---------------------------------------------------------------------------------------------

/**
 * A job for one of the bridge's printers. The bridge downloads the G-code from `gcodePath`
 * (relative to the hub URL, `Authorization: Bearer <token>`), checks its sha256, and acks.
 * A job without G-code carries `slice` instead: the bridge downloads the model, acks, slices it
 * for the printer (reporting `slicing` in the printer's status) and prints it; a slicer error
 * fails the job with the slicer's problem in plain words.
 * Dispatching the same job again is harmless: the bridge acks without starting it twice.
 */
export const JobDispatchSchema = z
  .object({
    jobId: z.string().min(1),
    printerId: z.string().min(1),
    gcodePath: z.string().startsWith("/").optional(),
    gcodeSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    fileName: z.string(),
    slice: SliceRequestSchema.optional(),
    /**
     * The job is the printer owner's own: the bridge's safety policy then lets machine-changing
     * and unknown commands through (temperatures and moves are checked for every job). Absent
     * means another maker's job, the safe default.
     */
    fromOwner: z.boolean().optional(),
  })
  .refine((job) => (job.gcodePath !== undefined && job.gcodeSha256 !== undefined) || job.slice !== undefined, {
    message: "a job needs gcodePath and gcodeSha256, or slice (a model to slice)",
  });
export type JobDispatch = z.infer<typeof JobDispatchSchema>;

export const JobControlSchema = z.object({
  jobId: z.string().min(1),
  printerId: z.string().min(1),
  action: z.enum(["pause", "resume", "cancel", "emergency-stop"]),
});
export type JobControl = z.infer<typeof JobControlSchema>;

export interface HubToBridgeEvents {
  "job:dispatch": (job: JobDispatch, ack: AckCallback) => void;
  "job:control": (control: JobControl, ack: AckCallback) => void;
  /**
   * Marketplace: slice an open job's model for one of the bridge's printers and answer what one
   * piece takes (print seconds and filament grams from the sliced G-code). Nothing prints.
   */
  "job:quote-request": (request: QuoteRequest, ack: AckCallback<QuoteEstimate>) => void;
}

// ---------------------------------------------------------------------------------------------
// hub ↔ browser (default namespace)
// ---------------------------------------------------------------------------------------------

export interface HubToBrowserEvents {
  "printer:status": (status: PrinterStatus) => void;
  "printer:updated": (printer: Printer) => void;
  "job:updated": (job: Job) => void;
  "design:created": (design: Design) => void;
  /** Marketplace: an open job this shop's printers can make (to the shop's owner only). */
  "job:offered": (offer: JobOffer) => void;
  /** Marketplace: a job offered to this shop was cancelled or taken by another shop (to the shops it was offered to). */
  "job:withdrawn": (withdrawal: JobWithdrawn) => void;
}

export interface BrowserToHubEvents {
  /** Asks for a snapshot of printers and active jobs; sent on every (re)connect to resync. */
  "dashboard:sync": (ack: (snapshot: { printers: Printer[]; jobs: Job[] }) => void) => void;
}
