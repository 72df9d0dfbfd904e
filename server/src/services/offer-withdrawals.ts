/**
 * Tells shops at once when a job they were offered leaves the market — the maker cancelled it
 * while open or quoted, or accepted another shop's quote — so their job boards drop it instead of
 * showing it until the next poll. The shops are those the board shows it to (Marketplace.matches:
 * in reach, a printer that can make it) and any shop that quoted it; announced as `job:withdrawn`.
 */
import type { Job, JobState } from "@peerfab/protocol";
import type { Logger } from "pino";
import type { HubEvents } from "../hub-events.ts";
import type { QuoteRepository } from "../repositories/quotes.ts";
import type { ShopMatch } from "./marketplace.ts";

/** States in which a job is on shops' boards. */
const ON_THE_MARKET: readonly JobState[] = ["open", "quoted"];

export class OfferWithdrawals {
  constructor(
    private readonly market: { matches(job: Job): Promise<ShopMatch[]> },
    private readonly quotes: QuoteRepository,
    private readonly events: HubEvents,
    private readonly log: Logger,
  ) {
    events.on("job:updated", (job) => {
      if (!leftTheMarket(job)) return;
      this.announce(job).catch((error: unknown) => this.log.warn({ jobId: job.id, err: error }, "could not tell the shops a job was withdrawn"));
    });
  }

  private async announce(job: Job): Promise<void> {
    const shopIds = new Set((await this.market.matches(job)).map((m) => m.shop.id));
    for (const quote of await this.quotes.forJob(job.id)) shopIds.add(quote.shopId);
    // The shop that won it follows it through job:updated.
    if (job.shopId) shopIds.delete(job.shopId);
    if (shopIds.size > 0) this.events.emit("job:withdrawn", { job, shopIds: [...shopIds] });
  }
}

/** Whether this update is the transition that took the job off the market (not a later update of it). */
function leftTheMarket(job: Job): boolean {
  if (ON_THE_MARKET.includes(job.state)) return false;
  const last = job.history.at(-1);
  return last !== undefined && last.from !== null && ON_THE_MARKET.includes(last.from) && last.to === job.state && last.at === job.updatedAt;
}
