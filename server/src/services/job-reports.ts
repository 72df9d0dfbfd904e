/**
 * What bridges report about jobs: state-change events (idempotent by event id) and, after every
 * (re)connect, the list of jobs the bridge knows, which the hub reconciles with its own record.
 * The bridge is the source of truth for what the printer did.
 */
import type { Ack, BridgeJobReport, Job, JobEvent, JobState } from "@peerfab/protocol";
import type { Logger } from "pino";
import { nowIso } from "../ids.ts";
import type { JobRepository } from "../repositories/jobs.ts";
import type { BridgeLink } from "./bridge-link.ts";
import type { JobTransitions } from "./job-transitions.ts";

const EVENT_TARGET: Record<JobEvent["type"], JobState> = {
  started: "printing",
  paused: "paused",
  resumed: "printing",
  completed: "completed",
  failed: "failed",
  cancelled: "cancelled",
};

export class JobReports {
  /** Per job, the last event being applied: the next waits for it (see `applyEvent`). */
  private readonly applying = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jobs: JobRepository,
    private readonly transitions: JobTransitions,
    private readonly bridges: BridgeLink,
    private readonly log: Logger,
  ) {}

  /**
   * Applies one `job:event` from a bridge that holds `event.printerId`. A job's events are applied
   * one after another in the order they arrived: a reconnecting bridge sends its pending events
   * back to back, and each must see the state the one before it left (else `paused` then `resumed`
   * or `started` then `failed` race, the later is refused, and the bridge drops it).
   */
  applyEvent(event: JobEvent): Promise<Ack> {
    const result = (this.applying.get(event.jobId) ?? Promise.resolve()).then(() => this.applyInOrder(event));
    const settled = result.catch(() => undefined);
    this.applying.set(event.jobId, settled);
    void settled.then(() => {
      if (this.applying.get(event.jobId) === settled) this.applying.delete(event.jobId);
    });
    return result;
  }

  private async applyInOrder(event: JobEvent): Promise<Ack> {
    if (await this.jobs.isEventProcessed(event.eventId)) return { ok: true };
    const job = await this.jobs.get(event.jobId);
    if (!job) return { ok: false, error: "job-not-found", detail: `The hub has no job '${event.jobId}'; drop it.` };
    if (job.printerId !== event.printerId) {
      return { ok: false, error: "wrong-printer", detail: `Job '${job.id}' is for printer '${job.printerId}', not '${event.printerId}'.` };
    }
    const to = EVENT_TARGET[event.type];
    if (job.state === to) {
      // Already there (e.g. reconciled from the bridge's hello before this event was flushed).
      await this.jobs.markEventProcessed(event.eventId, job.id, nowIso());
      return { ok: true };
    }
    const outcome = await this.transitions.apply({
      job,
      to,
      actor: "bridge",
      actorId: event.printerId,
      reason: event.message,
      linesDone: event.linesDone,
      message: event.message,
      eventId: event.eventId,
    });
    if (!outcome.ok) {
      if (await this.jobs.isEventProcessed(event.eventId)) return { ok: true };
      return { ok: false, error: "transition-refused", detail: `Event '${event.type}' for job '${job.id}' refused: ${outcome.reason}.` };
    }
    return { ok: true };
  }

  /**
   * Reconciles the hub's jobs on `printerIds` with what their bridge reports after connecting.
   * `printerOf` maps the bridge's local printer ids to hub printer ids.
   */
  async reconcile(printerOf: Map<string, string>, reports: BridgeJobReport[]): Promise<void> {
    const reported = new Set<string>();
    for (const report of reports) {
      const printerId = printerOf.get(report.printerLocalId);
      const job = await this.jobs.get(report.jobId);
      if (!printerId || !job || job.printerId !== printerId) {
        this.log.warn({ report }, "bridge reported a job the hub does not have on that printer; ignored");
        continue;
      }
      reported.add(job.id);
      await this.reconcileOne(job, report);
    }
    const holding = await this.jobs.listOnPrinters([...printerOf.values()], ["printing", "paused"]);
    for (const job of holding.filter((j) => !reported.has(j.id))) {
      await this.transitions.apply({
        job,
        to: "failed",
        actor: "hub",
        actorId: null,
        reason: "the bridge reconnected without this job (it restarted and lost it)",
        message: "The printer's bridge restarted and no longer knows this print. Check the printer, then start a new job.",
      });
    }
  }

  private async reconcileOne(job: Job, report: BridgeJobReport): Promise<void> {
    const target: JobState = report.state;
    if (job.state === target) return;
    const reason = `reported by the bridge on reconnect${report.message ? `: ${report.message}` : ""}`;
    const common = { actor: "bridge" as const, actorId: job.printerId, reason, linesDone: report.linesDone, message: report.message };
    let current = job;
    // The bridge may have started (and even finished) a job while its events were lost.
    if (current.state === "accepted" && target !== "printing" && target !== "failed") {
      const started = await this.transitions.apply({ ...common, job: current, to: "printing" });
      if (started.ok) current = started.job;
    }
    const outcome = await this.transitions.apply({ ...common, job: current, to: target });
    if (outcome.ok) return;
    if ((target === "printing" || target === "paused") && (current.state === "cancelled" || current.state === "failed") && current.printerId) {
      // The hub ended this job while the bridge was away: stop the print.
      await this.bridges.control({ jobId: current.id, printerId: current.printerId, action: "cancel" }).catch(() => undefined);
      return;
    }
    this.log.warn({ jobId: job.id, hubState: current.state, bridgeState: target, reason: outcome.reason }, "could not reconcile a bridge job report");
  }
}
