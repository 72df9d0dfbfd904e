/**
 * Bed clear (issue #5): after a print ends on a printer — completed, failed or stopped — something
 * is on its bed, so the printer is `needsBedClear` (persisted) until its operator confirms the bed
 * is clear. The dispatcher starts no next job on it before that (print farms know the failure of
 * printing onto finished parts).
 */
import { isTerminal, type JobState, type Printer } from "@peerfab/protocol";
import { HttpError, notFound } from "../errors.ts";
import type { HubEvents } from "../hub-events.ts";
import type { PrinterRepository } from "../repositories/printers.ts";
import type { User } from "../repositories/users.ts";
import type { PrinterPresence } from "./printer-presence.ts";

const ON_THE_BED: readonly (JobState | null)[] = ["printing", "paused"];

export class BedClearance {
  constructor(
    private readonly printers: PrinterRepository,
    private readonly presence: PrinterPresence,
    private readonly events: HubEvents,
  ) {
    // The flag is written with the job's transition; announce the printer so its card shows it.
    events.on("job:updated", (job) => {
      const last = job.history.at(-1);
      if (!job.printerId || !last || !isTerminal(job.state) || !ON_THE_BED.includes(last.from)) return;
      void this.presence.get(job.printerId).then((printer) => {
        if (printer) this.events.emit("printer:updated", printer);
      });
    });
  }

  /** True while the printer waits for its operator to clear the bed. */
  async blocks(printerId: string): Promise<boolean> {
    return (await this.printers.get(printerId))?.needsBedClear ?? false;
  }

  /** The printer's owner confirms the bed is clear; its next job may start. */
  async confirm(caller: User, printerId: string): Promise<Printer> {
    const record = await this.printers.get(printerId);
    if (!record) throw notFound("printer", `There is no printer '${printerId}'. GET /api/printers lists your printers.`);
    if (record.ownerId !== caller.id) {
      throw new HttpError(403, "not-your-printer", `Printer '${record.name}' is not yours: only its operator can confirm its bed is clear.`);
    }
    await this.printers.setNeedsBedClear(printerId, false);
    const printer = await this.presence.get(printerId);
    if (!printer) throw notFound("printer", `Printer '${printerId}' vanished meanwhile.`);
    this.events.emit("printer:updated", printer);
    this.events.emit("printer:bed-cleared", { printerId });
    return printer;
  }
}
