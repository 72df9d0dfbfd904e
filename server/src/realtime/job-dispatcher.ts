/**
 * Sends each printer the head of its queue (`job:dispatch`, acknowledged within 10 s). Runs when a
 * job changes and when a bridge says hello, so a dispatch lost to a disconnect is retried on
 * reconnect. Sending the same job twice is harmless by protocol; this avoids it per connection.
 */
import { isTerminal, type Job, type JobDispatch } from "@peerfab/protocol";
import type { Logger } from "pino";
import type { HubEvents } from "../hub-events.ts";
import type { BedClearance } from "../services/bed-clearance.ts";
import { sliceRequestFor } from "../services/slice-request.ts";
import type { JobQueue } from "../services/job-queue.ts";
import type { DesignRepository } from "../repositories/designs.ts";
import type { BridgeConnections } from "./bridge-connections.ts";

const DISPATCH_TIMEOUT_MS = 10_000;

export class JobDispatcher {
  /** jobId → id of the socket that acknowledged it. */
  private readonly delivered = new Map<string, string>();
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly connections: BridgeConnections,
    private readonly queue: JobQueue,
    private readonly designs: DesignRepository,
    private readonly log: Logger,
    events: HubEvents,
    private readonly bedClearance: BedClearance,
  ) {
    events.on("job:updated", (job) => {
      if (isTerminal(job.state)) this.delivered.delete(job.id);
      if (job.printerId) void this.dispatchNext(job.printerId);
    });
    events.on("printer:bed-cleared", ({ printerId }) => void this.dispatchNext(printerId));
  }

  async dispatchNext(printerId: string): Promise<void> {
    try {
      const socket = this.connections.socketFor(printerId);
      if (!socket) return;
      const head = await this.queue.queueHead(printerId);
      if (!head || head.state !== "accepted") return;
      if (this.inFlight.has(head.id) || this.delivered.get(head.id) === socket.id) return;
      // The last print's part is still on the bed: wait for the operator (printer:bed-cleared).
      if (await this.bedClearance.blocks(printerId)) return;
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
          this.log.info({ jobId: head.id, printerId }, "job dispatched");
        } else {
          this.log.warn({ jobId: head.id, printerId, ack }, "bridge refused a job");
          await this.queue.fail(head, `The printer's bridge refused the job: ${ack.detail}`);
        }
      } finally {
        this.inFlight.delete(head.id);
      }
    } catch (error) {
      this.log.warn({ printerId, err: error }, "job dispatch did not complete; retried when the bridge reconnects");
    }
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
