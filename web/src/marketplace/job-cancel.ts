/**
 * Whether the jobs page offers "Cancel job": to the maker, on their own job, before it prints —
 * open (waiting for shops), quoted, or accepted and queued. A print in progress is stopped from
 * the printer card by its owner. Mirrors the hub's rule (server/src/services/job-permissions.ts). Pure.
 */
import type { Job, JobState } from "@peerfab/protocol";

const CANCELLABLE_BY_MAKER: readonly JobState[] = ["open", "quoted", "accepted"];

/** `viewerId` is the signed-in user, or "single-user" on a hub without accounts (all jobs are the local user's). */
export function makerMayCancel(job: Pick<Job, "makerId" | "state">, viewerId: string | "single-user" | null): boolean {
  if (viewerId === null) return false;
  const isMaker = viewerId === "single-user" || viewerId === job.makerId;
  return isMaker && CANCELLABLE_BY_MAKER.includes(job.state);
}
