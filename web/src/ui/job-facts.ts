/**
 * A job as a row's head (the design's link and the state pill) and its facts (printer, material
 * and quantity, agreed price, progress, a time): the maker's jobs page and the shop's accepted
 * jobs on the job board show them alike.
 */
import type { Job } from "@peerfab/protocol";
import { formatPercent, formatTimestamp } from "../format/units.ts";
import { formatPrice } from "../marketplace/money.ts";
import { routeHref } from "../routing/route.ts";
import { el } from "./dom.ts";

export interface JobFactsOptions {
  /** Where the job prints, in words. */
  readonly printer: string;
  /** No agreed price: a dash ("dash", where a price is expected) or no row at all ("omit"). */
  readonly withoutPrice: "dash" | "omit";
  /** The time shown last: when the job was made or when it last changed. */
  readonly time: "created" | "updated";
}

export interface JobFactsView {
  readonly head: HTMLElement;
  readonly facts: HTMLElement;
  /** The progress value, for patching in place from live telemetry. */
  readonly progress: HTMLElement;
}

export function jobFacts(job: Job, options: JobFactsOptions): JobFactsView {
  const fraction = job.state === "completed" ? 1 : job.linesTotal > 0 ? job.linesDone / job.linesTotal : 0;
  const progress = el("dd", { "data-testid": "job-progress" }, formatPercent(fraction));
  const agreed = job.agreedPriceCents !== null && job.agreedPriceCents !== undefined ? formatPrice(job.agreedPriceCents, job.currency ?? "EUR") : null;
  const price = agreed ?? (options.withoutPrice === "dash" ? "—" : null);
  const [timeLabel, at] = options.time === "created" ? ["Created", job.createdAt] : ["Updated", job.updatedAt];
  const head = el(
    "div",
    { class: "job-row-head" },
    el("a", { href: routeHref({ page: "design", designId: job.designId }) }, job.designTitle),
    el("span", { class: "state-pill", "data-state": job.state, "data-testid": "job-state" }, job.state),
  );
  const facts = el(
    "dl",
    { class: "job-facts" },
    el("dt", {}, "Printer"),
    el("dd", {}, options.printer),
    el("dt", {}, "Material"),
    el("dd", {}, `${job.material}${job.colour ? `, ${job.colour}` : ""} × ${job.quantity}`),
    price !== null ? el("dt", {}, "Agreed price") : null,
    price !== null ? el("dd", { "data-testid": "job-price" }, price) : null,
    el("dt", {}, "Progress"),
    progress,
    el("dt", {}, timeLabel),
    el("dd", {}, el("time", { datetime: at }, formatTimestamp(at))),
  );
  return { head, facts, progress };
}
