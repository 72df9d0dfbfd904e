/**
 * Jobs as makers and printer owners see them: creating one for a printer (own printer: straight
 * to `accepted`), controlling, cancelling, listing — who may do what is in job-permissions.ts —
 * and the per-printer queue: a printer prints its accepted jobs one after another, oldest first.
 */
import { canSlice, type CreateJob, isTerminal, type Job } from "@peerfab/protocol";
import type { ReadStream } from "node:fs";
import { HttpError, notFound } from "../errors.ts";
import type { HubEvents } from "../hub-events.ts";
import { nowIso } from "../ids.ts";
import type { DesignRepository, StoredDesignFile } from "../repositories/designs.ts";
import type { JobRepository } from "../repositories/jobs.ts";
import type { User } from "../repositories/users.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import type { BridgeLink } from "./bridge-link.ts";
import { controlActor, type JobControlAction, type JobParties, mayWatchJob, notYourJob } from "./job-permissions.ts";
import type { JobTransitions } from "./job-transitions.ts";
import type { PrinterPresence } from "./printer-presence.ts";
import { newJobFrom } from "./new-job.ts";

export class JobQueue {
  constructor(
    private readonly jobs: JobRepository,
    private readonly designs: DesignRepository,
    private readonly printers: PrinterPresence,
    private readonly transitions: JobTransitions,
    private readonly blobs: BlobStore,
    private readonly bridges: BridgeLink,
    private readonly events: HubEvents,
  ) {}

  /** A job on one of the maker's own printers (`printerId`, or `target.kind === "printer"`): `accepted` at once, no quoting. */
  async create(maker: User, request: CreateJob, printerId: string): Promise<Job> {
    const design = await this.designs.get(request.designId);
    if (!design) throw notFound("design", `There is no design '${request.designId}'. Pick a design from GET /api/designs.`);
    const printer = await this.printers.record(printerId);
    if (!printer) throw notFound("printer", `There is no printer '${printerId}'. GET /api/printers lists the registered printers.`);
    if (printer.ownerId !== maker.id) {
      throw new HttpError(403, "not-your-printer", `Printer '${printer.name}': that printer is not yours; send it to a shop instead.`);
    }
    const file = await this.chooseFile(design.id, request.fileId ?? request.gcodeFileId);
    if (file.kind !== "gcode" && !canSlice(printer.capabilities)) {
      throw new HttpError(409, "cannot-slice", `Printer '${printer.name}' has no slicer on its bridge, and '${file.name}' is a model, not G-code. Pick a G-code file of the design, or install PrusaSlicer beside the bridge.`);
    }
    const row = newJobFrom(request, maker.id, design.id, file, { state: "accepted", printerId: printer.id, target: { kind: "printer", printerId: printer.id } });
    await this.jobs.insert(row, "maker", maker.id);
    const job = await this.get(row.id);
    this.events.emit("job:updated", job);
    return job;
  }

  /**
   * Cancels a job. Before printing it is cancelled here; a print in progress is stopped by its
   * bridge, which then reports `cancelled` (`pending: true`).
   */
  async cancel(caller: User, id: string): Promise<{ job: Job; pending: boolean }> {
    const job = await this.get(id);
    const actor = await this.authorizeControl(caller, job, "cancel");
    if (isTerminal(job.state)) {
      throw new HttpError(409, "job-finished", `Job '${id}' is already ${job.state}; there is nothing to cancel.`);
    }
    if (job.state === "printing" || job.state === "paused") {
      await this.controlPrint(job, "cancel");
      return { job: await this.get(id), pending: true };
    }
    const outcome = await this.transitions.apply({ job, to: "cancelled", actor, actorId: caller.id, reason: actor === "shop" ? "cancelled by the printer's owner" : "cancelled by the maker" });
    if (!outcome.ok) throw new HttpError(409, "cancel-refused", `Job '${id}' cannot be cancelled: ${outcome.reason}.`);
    // The bridge may have received it already: tell it, in case (harmless otherwise).
    if (job.printerId && this.bridges.isOnline(job.printerId)) {
      void this.bridges.control({ jobId: id, printerId: job.printerId, action: "cancel" }).catch(() => undefined);
    }
    return { job: outcome.job, pending: false };
  }

  /**
   * Pauses or resumes a print in progress. The bridge stops (or restarts) feeding the printer and
   * reports `paused` / `resumed` itself; the answer is the job as it stands when the bridge acked.
   */
  async pauseOrResume(caller: User, id: string, action: "pause" | "resume"): Promise<Job> {
    const job = await this.get(id);
    await this.authorizeControl(caller, job, action);
    const from = action === "pause" ? "printing" : "paused";
    if (job.state !== from) {
      throw new HttpError(409, `cannot-${action}`, `Job '${id}' is ${job.state}; only a ${from} job can be ${action}d.`);
    }
    await this.controlPrint(job, action);
    return this.get(id);
  }

  /**
   * Emergency stop (M112) of a print in progress: the firmware halts at once, heaters off; the
   * bridge reports the job failed. Only the printer's owner may.
   */
  async emergencyStop(caller: User, id: string): Promise<Job> {
    const job = await this.get(id);
    await this.authorizeControl(caller, job, "emergency-stop");
    if (job.state !== "printing" && job.state !== "paused") {
      throw new HttpError(409, "cannot-emergency-stop", `Job '${id}' is ${job.state}; only a printing or paused job can be emergency-stopped.`);
    }
    await this.controlPrint(job, "emergency-stop");
    return this.get(id);
  }

  /** A job as `viewer` may see it: its maker or its printer's owner; 403 for anyone else. */
  async getFor(viewer: User, id: string): Promise<Job> {
    const job = await this.get(id);
    if (!mayWatchJob(viewer.id, await this.parties(job))) throw notYourJob(id);
    return job;
  }

  /** `viewer`'s jobs as maker and the jobs on their printers, newest first. */
  listFor(viewer: User, options: { activeOnly: boolean } = { activeOnly: false }): Promise<Job[]> {
    return this.jobs.listVisibleTo(viewer.id, options);
  }

  private async parties(job: Job): Promise<JobParties> {
    const owner = job.printerId ? (this.printers.ownerOf(job.printerId) ?? (await this.printers.record(job.printerId))?.ownerId ?? null) : null;
    return { jobId: job.id, state: job.state, makerId: job.makerId, printerOwnerId: owner };
  }

  private async authorizeControl(caller: User, job: Job, action: JobControlAction) {
    const decision = controlActor(caller.id, action, await this.parties(job));
    if ("refused" in decision) throw decision.refused;
    return decision.actor;
  }

  /** Asks the bridge driving the job's printer to pause, resume, cancel or emergency-stop it. */
  private async controlPrint(job: Job, action: JobControlAction): Promise<void> {
    if (!job.printerId || !this.bridges.isOnline(job.printerId)) {
      throw new HttpError(
        409,
        "printer-offline",
        `The printer's bridge is offline, so the print cannot be ${action === "cancel" || action === "emergency-stop" ? "stopped" : `${action}d`} from here. Use the printer's own controls, or try again when the bridge is back.`,
      );
    }
    const ack = await this.bridges.control({ jobId: job.id, printerId: job.printerId, action });
    if (!ack.ok) throw new HttpError(409, `${action}-refused`, `The bridge did not ${action} the print: ${ack.detail}`);
  }

  async get(id: string): Promise<Job> {
    const job = await this.jobs.get(id);
    if (!job) throw notFound("job", `There is no job '${id}'. GET /api/jobs lists your jobs.`);
    return job;
  }

  /** The job a printer should be printing or is to print next: the oldest accepted/printing/paused one. */
  queueHead(printerId: string): Promise<Job | undefined> {
    return this.jobs.queueHead(printerId);
  }

  /** The hub gives up on a job (e.g. its bridge refused it). */
  async fail(job: Job, reason: string): Promise<void> {
    await this.transitions.apply({ job, to: "failed", actor: "hub", actorId: null, reason, message: reason });
  }

  /**
   * Shows the maker and the printer's owner why a job waits (or clears that note), without changing
   * its state; announced as `job:updated`. Nothing happens if the job moved on meanwhile.
   */
  async setMessage(job: Job, message: string | null): Promise<void> {
    if (!(await this.jobs.setMessage(job.id, job.state, message, nowIso()))) return;
    const fresh = await this.jobs.get(job.id);
    if (fresh) this.events.emit("job:updated", fresh);
  }

  /** The G-code of a job, for the bridge of the printer it runs on (authenticated as the printer's owner). */
  async gcodeForBridge(owner: User, jobId: string): Promise<{ file: StoredDesignFile; body: ReadStream }> {
    const job = await this.get(jobId);
    const printer = job.printerId ? await this.printers.record(job.printerId) : undefined;
    if (!printer || printer.ownerId !== owner.id) {
      throw new HttpError(403, "not-your-printer", `Job '${jobId}' is not for one of this token's printers; use the token of the printer's owner.`);
    }
    const file = job.gcodeFileId ? await this.designs.findFile(job.designId, job.gcodeFileId) : undefined;
    if (!file) throw notFound("file", `Job '${jobId}' has no G-code on the hub (a model job is sliced by the bridge), or it is missing; create a new job.`);
    // A .gcode.3mf plate package is served as the plain G-code extracted from it at upload.
    return { file: { ...file, ...file.print }, body: this.blobs.open(file.print.sha256) };
  }

  /** The file version asked for (G-code, or a mesh for a slicing printer), else the newest G-code. */
  private async chooseFile(designId: string, fileId: string | undefined): Promise<StoredDesignFile> {
    if (fileId) {
      const file = await this.designs.findFile(designId, fileId);
      if (!file) {
        throw notFound("gcode", `Design '${designId}' has no G-code file '${fileId}'. Leave gcodeFileId out to use the newest one.`);
      }
      return file;
    }
    const newest = await this.designs.newestGcode(designId);
    if (!newest) {
      throw new HttpError(
        409,
        "no-gcode",
        "This design has no ready-to-print G-code. Slicing comes with the bridge slicer; attach a G-code file (field 'gcode') when you upload the design.",
      );
    }
    return newest;
  }
}
