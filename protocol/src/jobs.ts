import { z } from "zod";
import { JobTargetSchema } from "./marketplace.ts";
import { SlicedGcodeSchema } from "./sliced-gcode.ts";

/**
 * The job state machine. A job sent to the maker's own printer is created `accepted` and skips
 * quoting; a job for print-shop peers starts `open`.
 *
 * ```
 *  open ──quote──▶ quoted ──accept──▶ accepted ──start──▶ printing ──▶ completed
 *    │               │                   │                 │   ▲
 *    └──────┬────────┴───────────────────┤              pause resume
 *           ▼                            ▼                 ▼   │
 *       cancelled                      failed  ◀────────── paused
 * ```
 */
export const JOB_STATES = [
  "open",
  "quoted",
  "accepted",
  "printing",
  "paused",
  "completed",
  "failed",
  "cancelled",
] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

export const TERMINAL_JOB_STATES: readonly JobState[] = ["completed", "failed", "cancelled"];

export function isTerminal(state: JobState): boolean {
  return TERMINAL_JOB_STATES.includes(state);
}

/**
 * Who makes a transition:
 * - `maker`: the user who asked for the print;
 * - `shop`: the operator of the printer the job is (or would be) printed on;
 * - `bridge`: the printer-bridge, reporting what the printer did;
 * - `hub`: the server itself (e.g. a job whose printer vanished).
 */
export const JOB_ACTORS = ["maker", "shop", "bridge", "hub"] as const;
export const JobActorSchema = z.enum(JOB_ACTORS);
export type JobActor = z.infer<typeof JobActorSchema>;

export interface JobTransitionRule {
  readonly from: JobState;
  readonly to: JobState;
  readonly by: readonly JobActor[];
}

/** The one table of allowed transitions and who may make each. */
export const JOB_TRANSITIONS: readonly JobTransitionRule[] = [
  { from: "open", to: "quoted", by: ["shop"] },
  { from: "quoted", to: "quoted", by: ["shop"] },
  { from: "quoted", to: "accepted", by: ["maker"] },
  { from: "open", to: "cancelled", by: ["maker", "hub"] },
  { from: "quoted", to: "cancelled", by: ["maker", "hub"] },
  { from: "accepted", to: "cancelled", by: ["maker", "shop", "hub"] },
  { from: "accepted", to: "printing", by: ["bridge"] },
  { from: "accepted", to: "failed", by: ["bridge", "hub"] },
  { from: "printing", to: "paused", by: ["bridge"] },
  { from: "paused", to: "printing", by: ["bridge"] },
  { from: "printing", to: "completed", by: ["bridge"] },
  { from: "printing", to: "failed", by: ["bridge", "hub"] },
  { from: "paused", to: "failed", by: ["bridge", "hub"] },
  { from: "printing", to: "cancelled", by: ["bridge"] },
  { from: "paused", to: "cancelled", by: ["bridge"] },
];

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

/** Says whether `actor` may move a job from `from` to `to`, and if not, why in words. */
export function checkTransition(from: JobState, to: JobState, actor: JobActor): TransitionCheck {
  const rule = JOB_TRANSITIONS.find((r) => r.from === from && r.to === to);
  if (!rule) {
    return { ok: false, reason: `a job that is ${from} cannot become ${to}` };
  }
  if (!rule.by.includes(actor)) {
    return { ok: false, reason: `only the ${rule.by.join(" or ")} may move a job from ${from} to ${to}` };
  }
  return { ok: true };
}

export const JobTransitionRecordSchema = z.object({
  from: JobStateSchema.nullable(),
  to: JobStateSchema,
  actor: JobActorSchema,
  actorId: z.string().nullable(),
  at: z.string(),
  reason: z.string().nullable(),
});
export type JobTransitionRecord = z.infer<typeof JobTransitionRecordSchema>;

export const JobSchema = z.object({
  id: z.string(),
  designId: z.string(),
  designTitle: z.string(),
  /** The G-code file (a design file of kind `gcode`) that is printed; null for a mesh job the printer's bridge slices. */
  gcodeFileId: z.string().nullable(),
  /** Marketplace (issue #5; optional for older hubs): the mesh file version a slicing peer prints, when the job has no G-code. */
  modelFileId: z.string().nullable().optional(),
  /** Where the job was sent: own printer, a chosen shop, or open to shops nearby. */
  target: JobTargetSchema.optional(),
  colour: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  /** The shop (its owner's account id) whose quote the maker accepted; null before. */
  shopId: z.string().nullable().optional(),
  /** The agreed price in cents of `currency` (payment is out of scope: it is recorded, that is all). */
  agreedPriceCents: z.number().int().nonnegative().nullable().optional(),
  currency: z.string().nullable().optional(),
  printerId: z.string().nullable(),
  makerId: z.string(),
  state: JobStateSchema,
  material: z.string(),
  quantity: z.number().int().positive(),
  linesDone: z.number().int().nonnegative(),
  linesTotal: z.number().int().nonnegative(),
  message: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(JobTransitionRecordSchema),
  /** G-code the printer's bridge sliced for a job without G-code and sent to the hub (`GET /api/jobs/:id/sliced-gcode`); null until then, absent from older hubs. */
  slicedGcode: SlicedGcodeSchema.nullable().optional(),
});
export type Job = z.infer<typeof JobSchema>;

/**
 * Body of `POST /api/jobs`. `printerId` alone is the own-printer shorthand for
 * `target: { kind: "printer", printerId }`. `fileId` picks a design file version (mesh or G-code,
 * by id); without it an own-printer job prints the newest G-code, a shop job the newest G-code
 * if there is one, else the primary mesh (sliced by the shop's bridge).
 */
export const CreateJobSchema = z
  .object({
    designId: z.string().min(1),
    printerId: z.string().min(1).optional(),
    target: JobTargetSchema.optional(),
    fileId: z.string().min(1).optional(),
    /** Which ready-to-print G-code of the design; defaults to the newest one. */
    gcodeFileId: z.string().min(1).optional(),
    material: z.string().trim().min(1).max(40).default("PLA"),
    colour: z.string().trim().max(40).optional(),
    quantity: z.number().int().min(1).max(100).default(1),
    notes: z.string().trim().max(2000).optional(),
  })
  .refine((job) => job.printerId !== undefined || job.target !== undefined, { message: "say where the job goes: printerId, or target" });
export type CreateJob = z.infer<typeof CreateJobSchema>;

export const JobListSchema = z.object({ jobs: z.array(JobSchema) });
export type JobList = z.infer<typeof JobListSchema>;
