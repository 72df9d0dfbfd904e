/**
 * A job's recorded transitions as the maker reads them: what happened, who did it, when. And
 * whether the maker may review the shop (a shop's job that completed or failed). Pure.
 */
import type { Job, JobActor, JobTransitionRecord } from "@peerfab/protocol";
import { formatTimestamp } from "../format/units.ts";

export interface HistoryEntryView {
  readonly state: JobTransitionRecord["to"];
  readonly text: string;
  readonly at: string;
  readonly atText: string;
}

const ACTOR_WORDS: Record<JobActor, string> = { maker: "by you", shop: "by the shop", bridge: "by the printer", hub: "by the hub" };

export function historyEntries(job: Job, viewerId: string | null, locale?: string, timeZone?: string): HistoryEntryView[] {
  return job.history.map((record) => {
    const who = record.actor === "maker" && viewerId !== job.makerId ? "by the maker" : ACTOR_WORDS[record.actor];
    const reason = record.reason ? ` — ${record.reason}` : "";
    return {
      state: record.to,
      text: `${capitalise(record.to)} ${who}${reason}`,
      at: record.at,
      atText: formatTimestamp(record.at, locale, timeZone),
    };
  });
}

/** The maker may review the shop once its job completed or failed (the hub refuses a second review). */
export function canReview(job: Job, viewerId: string | null): boolean {
  return viewerId !== null && job.makerId === viewerId && Boolean(job.shopId) && (job.state === "completed" || job.state === "failed");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
