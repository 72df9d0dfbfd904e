/**
 * Who may watch a printer's presence and telemetry: its owner, and the maker of the job it is
 * printing (printing or paused). Kept in memory — loaded at start, then followed through
 * `job:updated` — so relaying a status report every two seconds is a lookup, not a query.
 */
import type { Job } from "@peerfab/protocol";
import type { HubEvents } from "../hub-events.ts";
import type { JobRepository } from "../repositories/jobs.ts";
import type { PrinterPresence } from "./printer-presence.ts";

export class PrinterWatchers {
  /** printer id → the job on it that is printing or paused. */
  private readonly printing = new Map<string, { jobId: string; makerId: string }>();

  constructor(
    private readonly presence: PrinterPresence,
    events: HubEvents,
  ) {
    events.on("job:updated", (job) => this.follow(job));
  }

  async load(jobs: JobRepository): Promise<void> {
    // Reading every printer once fills the presence's owner index, so events about printers whose
    // bridge has not connected since the start still reach their owner.
    await this.presence.list();
    for (const job of await jobs.listActive()) this.follow(job);
  }

  /** Everyone who may watch the printer (owner first); empty while its owner is unknown. */
  watchersOf(printerId: string): string[] {
    const owner = this.presence.ownerOf(printerId);
    const maker = this.printing.get(printerId)?.makerId;
    // Runs for every status report: one small array, no intermediate copies.
    if (owner === undefined) return maker === undefined ? [] : [maker];
    return maker === undefined || maker === owner ? [owner] : [owner, maker];
  }

  mayWatch(userId: string, printerId: string): boolean {
    return this.watchersOf(printerId).includes(userId);
  }

  /** Printers not owned by `userId` that are printing one of their jobs. */
  printingFor(userId: string): string[] {
    return [...this.printing].filter(([printerId, job]) => job.makerId === userId && this.presence.ownerOf(printerId) !== userId).map(([printerId]) => printerId);
  }

  private follow(job: Job): void {
    if (!job.printerId) return;
    if (job.state === "printing" || job.state === "paused") this.printing.set(job.printerId, { jobId: job.id, makerId: job.makerId });
    else if (this.printing.get(job.printerId)?.jobId === job.id) this.printing.delete(job.printerId);
  }
}
