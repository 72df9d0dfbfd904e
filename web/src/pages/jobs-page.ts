/** `#/jobs`: every job with its state and timestamps, kept current by `job:updated` events. */
import { JobSchema, type Job, type Printer } from "@peerfab/protocol";
import { errorMessage, listJobs, listPrinters } from "../api/client.ts";
import { formatPercent, formatTimestamp } from "../format/units.ts";
import { hubSocket } from "../live/hub-socket.ts";
import { validateEvent } from "../live/validate-event.ts";
import { routeHref } from "../routing/route.ts";
import { el, replaceChildren } from "../ui/dom.ts";
import { emptyNotice, errorNotice, loadingNotice } from "../ui/notice.ts";
import type { Page } from "./page.ts";

export function jobsPage(): Page {
  let disposed = false;
  let loaded = false;
  const jobs = new Map<string, Job>();
  const printerNames = new Map<string, string>();
  const list = el("div", { "aria-live": "polite" }, loadingNotice("jobs"));
  const element = el("div", { class: "page page-jobs" }, el("h1", { tabindex: -1 }, "Jobs"), list);

  const render = () => {
    const sorted = [...jobs.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    if (sorted.length === 0) {
      replaceChildren(list, emptyNotice("No jobs yet. Open a design and press Print to start one."));
      return;
    }
    replaceChildren(list, el("ul", { class: "job-list" }, ...sorted.map((job) => jobRow(job, printerNames))));
  };

  const load = () => {
    Promise.all([listJobs(), listPrinters().catch((): Printer[] => [])])
      .then(([result, printers]) => {
        if (disposed) return;
        loaded = true;
        jobs.clear();
        for (const job of result.jobs) jobs.set(job.id, job);
        printerNames.clear();
        for (const p of printers) printerNames.set(p.id, p.name);
        render();
      })
      .catch((error: unknown) => {
        if (!disposed) replaceChildren(list, errorNotice(errorMessage(error), load));
      });
  };

  const socket = hubSocket();
  const onJob = (payload: Job) => {
    const job = validateEvent(JobSchema, payload, "job:updated");
    if (!job || !loaded) return;
    const known = jobs.get(job.id);
    if (known && Date.parse(known.updatedAt) > Date.parse(job.updatedAt)) return;
    jobs.set(job.id, job);
    render();
  };
  // After a reconnect the list may have missed updates: fetch it again.
  const onReconnect = () => load();
  socket.on("job:updated", onJob);
  socket.io.on("reconnect", onReconnect);
  load();

  return {
    title: "Jobs",
    element,
    dispose: () => {
      disposed = true;
      socket.off("job:updated", onJob);
      socket.io.off("reconnect", onReconnect);
    },
  };
}

function jobRow(job: Job, printerNames: ReadonlyMap<string, string>): HTMLElement {
  const printer = job.printerId ? (printerNames.get(job.printerId) ?? job.printerId) : "Open to print shops";
  const fraction = job.state === "completed" ? 1 : job.linesTotal > 0 ? job.linesDone / job.linesTotal : 0;
  return el(
    "li",
    { class: "job-row", "data-testid": "job-row", "data-job-id": job.id },
    el(
      "div",
      { class: "job-row-head" },
      el("a", { href: routeHref({ page: "design", designId: job.designId }) }, job.designTitle),
      el("span", { class: "state-pill", "data-state": job.state, "data-testid": "job-state" }, job.state),
    ),
    el(
      "dl",
      { class: "job-facts" },
      el("dt", {}, "Printer"),
      el("dd", {}, printer),
      el("dt", {}, "Material"),
      el("dd", {}, `${job.material} × ${job.quantity}`),
      el("dt", {}, "Progress"),
      el("dd", {}, formatPercent(fraction)),
      el("dt", {}, "Created"),
      el("dd", {}, el("time", { datetime: job.createdAt }, formatTimestamp(job.createdAt))),
      el("dt", {}, "Updated"),
      el("dd", {}, el("time", { datetime: job.updatedAt }, formatTimestamp(job.updatedAt))),
    ),
    job.message ? el("p", { class: "job-message" }, job.message) : null,
  );
}
