/**
 * Streams a job that passed the safety check through a PrinterConnection, checking every line
 * again on its way out (defence in depth). Should a line fail then, it is not sent: the job ends
 * `failed` with the line, the command and the rule, and the heaters are turned off (the
 * connection's cancel runs its end script, then M104 S0 / M140 S0 in case that script does not).
 */
import type { JobOutcome, PrinterConnection } from "../printer/printer-connection.ts";
import { guardedCommands } from "./guarded-commands.ts";
import type { JobLines } from "./job-lines.ts";
import type { SafetyCheck } from "./safety-check.ts";

export function printGuarded(connection: PrinterConnection, jobId: string, job: JobLines, check: SafetyCheck, printerName: string): Promise<JobOutcome> {
  let stopped: string | null = null;
  const commands = guardedCommands(
    job.commands,
    (command, index) => check.check(command, job.fileLines[index] ?? 0)?.message ?? null,
    (reason) => {
      stopped = `The safety policy of ${printerName} stopped this job and turned the heaters off; the refused line was not sent: ${reason}.`;
      connection.cancel(stopped);
      void connection.heatersOff();
    },
  );
  return connection.print(jobId, commands).then((ended) =>
    // The connection ended the job as cancelled; for the maker and the shop it failed.
    stopped === null ? ended : { outcome: "failed", linesDone: ended.linesDone, message: stopped },
  );
}
