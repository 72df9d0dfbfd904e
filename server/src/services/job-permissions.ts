/**
 * Who may see and control a job, as one pure table of rules: the maker who asked for it and the
 * owner of the printer it is on see it; the printer's owner controls it (pause, resume, cancel,
 * emergency stop); the maker may cancel their own job only before it prints.
 */
import { isTerminal, type JobActor, type JobState } from "@peerfab/protocol";
import { HttpError } from "../errors.ts";

export type JobControlAction = "pause" | "resume" | "cancel" | "emergency-stop";

export interface JobParties {
  jobId: string;
  state: JobState;
  makerId: string;
  /** Owner of the job's printer; null while the job has no printer. */
  printerOwnerId: string | null;
}

const BEFORE_PRINTING: readonly JobState[] = ["open", "quoted", "accepted"];

export function mayWatchJob(userId: string, job: JobParties): boolean {
  return userId === job.makerId || userId === job.printerOwnerId;
}

export function notYourJob(jobId: string): HttpError {
  return new HttpError(403, "not-your-job", `Job '${jobId}' is not yours: only its maker and the owner of its printer can see or control it.`);
}

/**
 * The actor a control is recorded as, or the refusal. The printer's owner acts as `maker` on
 * their own job and as `shop` on someone else's.
 */
export function controlActor(userId: string, action: JobControlAction, job: JobParties): { actor: JobActor } | { refused: HttpError } {
  if (!mayWatchJob(userId, job)) return { refused: notYourJob(job.jobId) };
  if (userId === job.printerOwnerId) return { actor: userId === job.makerId ? "maker" : "shop" };
  // A finished job is answered "nothing to cancel" by the queue, not refused here.
  if (action === "cancel" && (BEFORE_PRINTING.includes(job.state) || isTerminal(job.state))) return { actor: "maker" };
  const verb = action === "emergency-stop" ? "emergency-stop" : action;
  const why =
    action === "cancel"
      ? `Job '${job.jobId}' is ${job.state}: once it prints, only the printer's owner can stop it. Ask them to cancel it.`
      : `Only the printer's owner can ${verb} a print; ask them.`;
  return { refused: new HttpError(403, "not-printer-owner", why) };
}
