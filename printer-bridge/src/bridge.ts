/** Wires printers.json printers to the hub: the bridge service. */
import { randomUUID } from "node:crypto";
import { type PrinterConfig, PrinterConfigSchema } from "./config.ts";
import { BridgeStateFile } from "./hub/bridge-state-file.ts";
import { HubLink } from "./hub/hub-link.ts";
import { JobProgressJournal } from "./hub/job-progress-journal.ts";
import { type Logger, silentLogger } from "./log.ts";
import { AttachedPrinter } from "./printer/attached-printer.ts";
import { findSlicer } from "./slicer/find-slicer.ts";
import type { Slicer } from "./slicer/slicer.ts";
import { describeZodError } from "@peerfab/protocol";

export interface BridgeOptions {
  hubUrl: string;
  token: string;
  /** Directory for the bridge's id, current jobs and unacknowledged events. */
  stateDir: string;
  printers: PrinterConfig[];
  logger?: Logger;
  /** How often running jobs' progress is written to the state file. Default 2000 ms. */
  progressJournalMs?: number;
  /** The slicer for jobs sent as models; null for none. Default: the installed PrusaSlicer, if any. */
  slicer?: Slicer | null;
}

export interface RunningBridge {
  readonly printers: readonly AttachedPrinter[];
  readonly hub: HubLink;
  close(): Promise<void>;
}

/** A job the previous run left printing cannot continue (the printer lost its queue): report it failed. */
function failInterruptedJobs(stateFile: BridgeStateFile): void {
  const { state } = stateFile;
  for (const job of state.jobs) {
    if (job.state !== "printing" && job.state !== "paused") continue;
    job.state = "failed";
    job.message = `The bridge stopped during the print after line ${job.linesDone}; check the printer and the part, then dispatch the job again.`;
    state.pendingEvents.push({
      eventId: randomUUID(),
      jobId: job.jobId,
      printerLocalId: job.printerLocalId,
      type: "failed",
      linesDone: job.linesDone,
      message: job.message,
      at: new Date().toISOString(),
    });
  }
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const logger = options.logger ?? silentLogger;
  const configs = options.printers.map((p, i) => {
    const parsed = PrinterConfigSchema.safeParse(p);
    if (!parsed.success) throw new Error(`printer ${i + 1}: ${describeZodError(parsed.error)}`);
    return parsed.data;
  });
  const stateFile = await BridgeStateFile.open(options.stateDir);
  failInterruptedJobs(stateFile);
  await stateFile.save();
  const slicer = options.slicer === undefined ? await findSlicer() : options.slicer;
  if (!slicer) logger.warn({}, "no slicer found (PrusaSlicer): printers take only jobs that come with G-code");
  const printers = configs.map((config) => new AttachedPrinter(config, logger, undefined, slicer));
  await Promise.all(printers.map((p) => p.start()));
  const hub = new HubLink({ hubUrl: options.hubUrl, token: options.token, printers, stateFile, logger });
  const journal = new JobProgressJournal(stateFile, printers, options.progressJournalMs);
  return {
    printers,
    hub,
    async close() {
      journal.stop();
      await Promise.all(printers.map((p) => p.close()));
      await stateFile.save();
      await hub.close();
    },
  };
}
