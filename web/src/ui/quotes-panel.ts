/**
 * After a maker sends a job to shops: its quotes to compare (cheapest first) and accept. Kept
 * current by the job's `job:updated` events (a quote moves the job to `quoted`) and a slow poll
 * as a safety net; once one is accepted it says where to follow the print.
 */
import { JobSchema, type Job, type Quote } from "@peerfab/protocol";
import { errorMessage } from "../api/client.ts";
import { acceptQuote, listQuotes } from "../api/marketplace.ts";
import { hubSocket } from "../live/hub-socket.ts";
import { validateEvent } from "../live/validate-event.ts";
import { formatPrice } from "../marketplace/money.ts";
import { quoteRows } from "../marketplace/quote-view.ts";
import { routeHref } from "../routing/route.ts";
import { el, replaceChildren, setText } from "./dom.ts";

const POLL_MS = 5_000;

export interface QuotesPanel {
  readonly element: HTMLElement;
  dispose(): void;
}

export function quotesPanel(initial: Job): QuotesPanel {
  let job = initial;
  let quotes: Quote[] = [];
  let disposed = false;
  let accepting = false;
  const status = el("p", { role: "status", "data-testid": "quotes-status" });
  const list = el("div", { "data-testid": "quote-list" });
  const error = el("p", { class: "field-error", role: "alert", "data-testid": "quotes-error" });
  const element = el(
    "div",
    { class: "quotes-panel", "data-testid": "quotes-panel", "data-job-id": job.id },
    el("h3", {}, "Quotes"),
    status,
    list,
    error,
    el("p", { class: "field-help" }, "Follow this job on ", el("a", { href: routeHref({ page: "jobs" }) }, "Jobs"), "."),
  );

  const render = () => {
    const accepted = quotes.find((q) => q.state === "accepted");
    setText(
      status,
      accepted
        ? `You accepted ${accepted.shopName}'s quote of ${formatPrice(accepted.priceCents, accepted.currency)}. The job is ${job.state}.`
        : job.state === "cancelled"
          ? "This job was cancelled."
          : quotes.length === 0
            ? "Waiting for quotes. Shops are told about your job now; their quotes appear here."
            : `${quotes.filter((q) => q.state === "offered").length} quote(s) to compare, cheapest first.`,
    );
    const rows = quoteRows(quotes);
    replaceChildren(
      list,
      rows.length === 0
        ? null
        : el(
            "ul",
            { class: "quote-rows" },
            ...rows.map((row) => {
              const accept = row.canAccept && !accepted && (job.state === "quoted" || job.state === "open")
                ? el("button", { type: "button", class: "button button-primary", "data-testid": "quote-accept", disabled: accepting }, `Accept ${row.priceText}`)
                : null;
              accept?.addEventListener("click", () => onAccept(row.id));
              return el(
                "li",
                { class: "quote-row", "data-testid": "quote-row", "data-state": row.state },
                el("div", { class: "quote-head" }, el("strong", {}, row.shopName), el("span", { class: "quote-price", "data-testid": "quote-price" }, row.priceText)),
                el("p", { class: "shop-meta" }, `On ${row.printerName}: ${row.detailText}`),
                row.note ? el("p", { class: "shop-meta" }, `“${row.note}”`) : null,
                row.state !== "offered" ? el("span", { class: "state-pill", "data-state": row.state }, row.state) : null,
                accept,
              );
            }),
          ),
    );
  };

  const load = () => {
    listQuotes(job.id)
      .then((next) => {
        if (disposed) return;
        quotes = next;
        render();
      })
      .catch((e: unknown) => {
        if (!disposed) setText(error, errorMessage(e));
      });
  };

  const onAccept = (quoteId: string) => {
    accepting = true;
    setText(error, "");
    render();
    acceptQuote(job.id, quoteId)
      .then((accepted) => {
        job = accepted;
        load();
      })
      .catch((e: unknown) => setText(error, errorMessage(e)))
      .finally(() => {
        accepting = false;
        render();
      });
  };

  const socket = hubSocket();
  const onJob = (payload: Job) => {
    const updated = validateEvent(JobSchema, payload, "job:updated");
    if (!updated || updated.id !== job.id) return;
    job = updated;
    load();
  };
  socket.on("job:updated", onJob);
  const timer = setInterval(() => {
    if (job.state === "open" || job.state === "quoted") load();
  }, POLL_MS);
  render();
  load();

  return {
    element,
    dispose: () => {
      disposed = true;
      clearInterval(timer);
      socket.off("job:updated", onJob);
    },
  };
}
