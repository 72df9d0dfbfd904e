/**
 * Sends each printer the head of its queue (`job:dispatch`, acknowledged within 10 s). Runs when a
 * job changes and when a bridge says hello, so a dispatch lost to a disconnect is retried on
 * reconnect. Sending the same job twice is harmless by protocol; this avoids it per connection.
 *
 * A bridge that refuses because the printer is busy or not ready (dispatch-refusal.ts) leaves the
 * job queued with a "waiting: …" message; it is sent again when that printer's status becomes
 * idle, when its bridge reconnects, or — if the printer reports idle all along (e.g. it is slicing
 * another job) — at an idle report at least IDLE_RETRY_MS after the refusal. Other refusals fail it.
 */
import { isTerminal, type Job, type JobDispatch, type PrinterState, type PrinterStatus } from "@peerfab/protocol";
import type { Logger } from "pino";
import type { HubEvents } from "../hub-events.ts";
import type { BedClearance } from "../services/bed-clearance.ts";
import { sliceRequestFor } from "../services/slice-request.ts";
import type { JobQueue } from "../services/job-queue.ts";
import type { DesignRepository } from "../repositories/designs.ts";
import type { BridgeConnections } from "./bridge-connections.ts";
import { classifyRefusal, isWaitingMessage } from "./dispatch-refusal.ts";

const DISPATCH_TIMEOUT_MS = 10_000;
/** A printer that stays idle after refusing a job as busy is asked again at most this often. */
const IDLE_RETRY_MS = 30_000;

/** A job its printer refused for now: which job, on which connection, and when. */
interface WaitingJob {
  jobId: string;
  socketId: string;
  refusedAt: number;
  /** Set when the printer became idle (or its bridge reconnected): the next dispatchNext sends it again. */
  retryDue: boolean;
}

export class JobDispatcher {
  /** jobId → id of the socket that acknowledged it. */
  private readonly delivered = new Map<string, string>();
  private readonly inFlight = new Set<string>();
  /** printerId → the head job its bridge refused as busy or not ready. */
  private readonly waiting = new Map<string, WaitingJob>();
  /** printerId → the state of its latest status report, to see it become idle. */
  private readonly printerStates = new Map<string, PrinterState>();

  constructor(
    private readonly connections: BridgeConnections,
    private readonly queue: JobQueue,
    private readonly designs: DesignRepository,
    private readonly log: Logger,
    events: HubEvents,
    private readonly bedClearance: BedClearance,
  ) {
    events.on("job:updated", (job) => {
      if (isTerminal(job.state)) {
        this.delivered.delete(job.id);
        if (job.printerId && this.waiting.get(job.printerId)?.jobId === job.id) this.waiting.delete(job.printerId);
      }
      if (job.printerId) void this.dispatchNext(job.printerId);
    });
    events.on("printer:bed-cleared", ({ printerId }) => void this.dispatchNext(printerId));
    events.on("printer:status", (status) => this.onStatus(status));
  }

  async dispatchNext(printerId: string): Promise<void> {
    try {
      const socket = this.connections.socketFor(printerId);
      if (!socket) return;
      const head = await this.queue.queueHead(printerId);
      if (!head || head.state !== "accepted") return;
      if (this.inFlight.has(head.id) || this.delivered.get(head.id) === socket.id) return;
      if (!this.mayTry(printerId, head.id, socket.id)) return;
      // The last print's part is still on the bed: wait for the operator (printer:bed-cleared).
      if (await this.bedClearance.blocks(printerId)) return;
      if (this.inFlight.has(head.id)) return;
      this.inFlight.add(head.id);
      try {
        const dispatch = await this.dispatchFor(head, printerId);
        if (!dispatch) {
          await this.queue.fail(head, "the job's file is missing from the hub; create a new job");
          return;
        }
        const ack = await socket.timeout(DISPATCH_TIMEOUT_MS).emitWithAck("job:dispatch", {
          ...dispatch,
          // The bridge's token user owns every printer it holds (see PrinterRepository.upsert):
          // the maker is the printer's owner exactly when it is that user.
          fromOwner: head.makerId === socket.data.user.id,
        });
        if (ack.ok) {
          this.delivered.set(head.id, socket.id);
          if (this.waiting.get(printerId)?.jobId === head.id) this.waiting.delete(printerId);
          if (isWaitingMessage(head.message)) await this.queue.setMessage(head, null);
          this.log.info({ jobId: head.id, printerId }, "job dispatched");
          return;
        }
        const refusal = classifyRefusal(ack.error, ack.detail);
        if (refusal.transient) {
          this.waiting.set(printerId, { jobId: head.id, socketId: socket.id, refusedAt: Date.now(), retryDue: false });
          this.log.info({ jobId: head.id, printerId, ack }, "printer not ready; the job waits for it");
          if (head.message !== refusal.message) await this.queue.setMessage(head, refusal.message);
        } else {
          this.log.warn({ jobId: head.id, printerId, ack }, "bridge refused a job");
          await this.queue.fail(head, refusal.reason);
        }
      } finally {
        this.inFlight.delete(head.id);
      }
    } catch (error) {
      this.log.warn({ printerId, err: error }, "job dispatch did not complete; retried when the bridge reconnects");
    }
  }

  /** False while the printer's bridge refused this job as busy and nothing has changed since (same connection, not idle again). */
  private mayTry(printerId: string, jobId: string, socketId: string): boolean {
    const waiting = this.waiting.get(printerId);
    if (!waiting || waiting.jobId !== jobId) return true;
    return waiting.retryDue || waiting.socketId !== socketId;
  }

  /** A printer that refused its head job became idle: try again. */
  private onStatus(status: PrinterStatus): void {
    const before = this.printerStates.get(status.printerId);
    this.printerStates.set(status.printerId, status.state);
    const waiting = this.waiting.get(status.printerId);
    if (!waiting || status.state !== "idle") return;
    if (before === "idle" && Date.now() - waiting.refusedAt < IDLE_RETRY_MS) return;
    waiting.retryDue = true;
    void this.dispatchNext(status.printerId);
  }

  /** The G-code to download, or for a mesh job (issue #5) the model to slice; undefined when the file is gone. */
  private async dispatchFor(job: Job, printerId: string): Promise<JobDispatch | undefined> {
    if (job.gcodeFileId) {
      const gcode = await this.designs.findFile(job.designId, job.gcodeFileId);
      if (!gcode) return undefined;
      return { jobId: job.id, printerId, gcodePath: `/api/jobs/${encodeURIComponent(job.id)}/gcode`, gcodeSha256: gcode.print.sha256, fileName: gcode.print.name };
    }
    if (!job.modelFileId) return undefined;
    const model = await this.designs.findFile(job.designId, job.modelFileId);
    if (!model) return undefined;
    return {
      jobId: job.id,
      printerId,
      fileName: model.name,
      slice: sliceRequestFor(job, model),
    };
  }
}
