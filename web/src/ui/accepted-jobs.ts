/**
 * The job board's "Your accepted jobs": one row per job a maker accepted from this shop, with its
 * state, printer, price and progress. `show` is called on every board refresh and patches the
 * list in place: a row whose job did not change stays, so keyboard focus on its links survives
 * the refresh and the live region does not read it out again.
 */
import { isTerminal, type Job } from "@peerfab/protocol";
import { routeHref } from "../routing/route.ts";
import { el, replaceChildren } from "./dom.ts";
import { jobFacts } from "./job-facts.ts";
import { emptyNotice } from "./notice.ts";

export interface AcceptedJobsList {
  readonly element: HTMLElement;
  /** Shows these jobs, in this order; `printerNames` by printer id. */
  show(jobs: readonly Job[], printerNames: ReadonlyMap<string, string>): void;
}

interface ShownRow {
  readonly row: HTMLElement;
  /** Everything the row shows, serialised: a change rebuilds the row. */
  readonly shows: string;
}

export function acceptedJobsList(): AcceptedJobsList {
  const element = el("div", { "aria-live": "polite", "data-testid": "board-accepted" });
  const list = el("ul", { class: "job-list" });
  const shown = new Map<string, ShownRow>();

  const show = (jobs: readonly Job[], printerNames: ReadonlyMap<string, string>) => {
    if (jobs.length === 0) {
      shown.clear();
      list.replaceChildren();
      replaceChildren(element, emptyNotice("No accepted jobs yet. When a maker accepts your quote, the job appears here and starts on your printer."));
      return;
    }
    if (list.parentElement !== element) replaceChildren(element, list);
    const ids = new Set(jobs.map((job) => job.id));
    for (const [id, { row }] of shown) {
      if (ids.has(id)) continue;
      row.remove();
      shown.delete(id);
    }
    let previous: Element | null = null;
    for (const job of jobs) {
      const shows = JSON.stringify([job, job.printerId ? printerNames.get(job.printerId) : null]);
      let current = shown.get(job.id);
      if (current?.shows !== shows) {
        const row = acceptedRow(job, printerNames);
        current?.row.replaceWith(row);
        current = { row, shows };
        shown.set(job.id, current);
      }
      // Moved only when out of place: moving a row takes focus from its links.
      const expected: Element | null = previous ? previous.nextElementSibling : list.firstElementChild;
      if (expected !== current.row) list.insertBefore(current.row, expected);
      previous = current.row;
    }
  };

  return { element, show };
}

function acceptedRow(job: Job, printerNames: ReadonlyMap<string, string>): HTMLElement {
  const { head, facts } = jobFacts(job, {
    printer: job.printerId ? (printerNames.get(job.printerId) ?? job.printerId) : "—",
    withoutPrice: "dash",
    time: "updated",
  });
  return el(
    "li",
    { class: "job-row", "data-testid": "accepted-job", "data-job-id": job.id },
    head,
    facts,
    job.notes ? el("p", { class: "job-notes" }, `“${job.notes}”`) : null,
    isTerminal(job.state) ? el("p", {}, "Finished: confirm the bed is clear on ", el("a", { href: routeHref({ page: "printers" }) }, "Printers"), " before the next job starts.") : null,
  );
}
