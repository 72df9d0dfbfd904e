/**
 * Writes each running job's acknowledged line to the bridge state file every few seconds, so a
 * bridge that crashes (kill -9, power cut) knows after restarting which job it was printing and
 * how far it got, and reports exactly that to the hub.
 */
import type { AttachedPrinter } from "../printer/attached-printer.ts";
import type { BridgeStateFile } from "./bridge-state-file.ts";

export class JobProgressJournal {
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly stateFile: BridgeStateFile,
    private readonly printers: readonly AttachedPrinter[],
    intervalMs = 2_000,
  ) {
    this.timer = setInterval(() => void this.record(), intervalMs);
  }

  /** Saves the state file if any running job advanced since the last save. */
  async record(): Promise<void> {
    let changed = false;
    for (const printer of this.printers) {
      const running = printer.job;
      if (!running) continue;
      const report = this.stateFile.state.jobs.find((j) => j.jobId === running.jobId && j.printerLocalId === printer.localId);
      if (!report || (report.state !== "printing" && report.state !== "paused") || report.linesDone === running.linesDone) continue;
      report.linesDone = running.linesDone;
      changed = true;
    }
    if (changed) await this.stateFile.save();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
