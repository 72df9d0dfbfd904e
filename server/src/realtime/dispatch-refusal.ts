/**
 * What a bridge's refusal of `job:dispatch` means for the job. `printer-busy` (printing or slicing
 * something else, e.g. the owner's local print) and `printer-offline` (the printer is powered off,
 * still connecting or in error) pass: the job waits in the queue, like OctoPrint queue plugins and
 * SimplyPrint keep it, and is sent again when the printer is idle. Every other refusal (checksum
 * mismatch, safety policy, unknown printer, download failed, invalid dispatch…) fails the job.
 */

/** Refusal codes after which the job stays queued for the same printer. */
const TRANSIENT_REFUSALS: ReadonlyMap<string, string> = new Map([
  ["printer-busy", "waiting: the printer is busy"],
  ["printer-offline", "waiting: the printer is not ready"],
]);

export type DispatchRefusal = { transient: true; message: string } | { transient: false; reason: string };

/** Classifies a refusal by its error code; `detail` is the bridge's own words, kept for the maker and the owner. */
export function classifyRefusal(error: string, detail: string): DispatchRefusal {
  const waiting = TRANSIENT_REFUSALS.get(error);
  if (waiting !== undefined) return { transient: true, message: `${waiting} (${detail.replace(/\.$/, "")}); it is sent when the printer is idle.` };
  return { transient: false, reason: `The printer's bridge refused the job: ${detail}` };
}

/** Whether a job message is one written by `classifyRefusal` (cleared once the job is sent). */
export function isWaitingMessage(message: string | null): boolean {
  return message !== null && message.startsWith("waiting: ");
}
