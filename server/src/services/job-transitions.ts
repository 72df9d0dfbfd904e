/**
 * The one way a job changes state: checked against protocol's transition table, persisted with
 * actor, time and reason, and only then announced.
 */
import { checkTransition, isTerminal, type Job, type JobActor, type JobState } from "@peerfab/protocol";
import type { HubEvents } from "../hub-events.ts";
import { nowIso } from "../ids.ts";
import type { JobAssignment, JobRepository } from "../repositories/jobs.ts";

export interface TransitionRequest {
  job: Job;
  to: JobState;
  actor: JobActor;
  actorId: string | null;
  reason: string | null;
  linesDone?: number;
  message?: string | null;
  eventId?: string;
  /** Accepting a quote: the printer, shop and price are recorded with the transition. */
  assign?: JobAssignment;
}

/** States in which something is on the printer's bed: leaving them for an end means the bed must be cleared. */
const ON_THE_BED: readonly JobState[] = ["printing", "paused"];

export type TransitionOutcome = { ok: true; job: Job } | { ok: false; reason: string };

export class JobTransitions {
  constructor(
    private readonly jobs: JobRepository,
    private readonly events: HubEvents,
  ) {}

  async apply(request: TransitionRequest): Promise<TransitionOutcome> {
    const { job, to, actor } = request;
    const check = checkTransition(job.state, to, actor);
    if (!check.ok) return { ok: false, reason: check.reason };
    const written = await this.jobs.transition({
      jobId: job.id,
      from: job.state,
      to,
      actor,
      actorId: request.actorId,
      at: nowIso(),
      reason: request.reason,
      ...(request.linesDone === undefined ? {} : { linesDone: request.linesDone }),
      ...(request.message === undefined ? {} : { message: request.message }),
      ...(request.eventId === undefined ? {} : { eventId: request.eventId }),
      ...(request.assign === undefined ? {} : { assign: request.assign }),
      // A print that ended (done, failed or stopped) left something on the bed: the printer waits for its operator.
      ...(job.printerId && ON_THE_BED.includes(job.state) && isTerminal(to) ? { bedToClear: job.printerId } : {}),
    });
    const fresh = await this.jobs.get(job.id);
    if (!fresh) return { ok: false, reason: `job ${job.id} no longer exists` };
    if (!written) return { ok: false, reason: `the job changed meanwhile and is now ${fresh.state}` };
    this.events.emit("job:updated", fresh);
    return { ok: true, job: fresh };
  }
}
