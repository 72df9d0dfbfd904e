/**
 * `#/jobs`: my jobs and the jobs on my printers — state, where it prints (my printer or a shop,
 * with the agreed price), live progress, every recorded transition with its time, and for a
 * shop's job that completed or failed, the review form; the maker cancels a job that has not
 * started printing (two clicks: the second confirms). Kept current by `job:updated` and the
 * printers' `printer:status` progress; rows are patched in place so a review being typed survives.
 */
import { JobSchema, PrinterStatusSchema, type Job, type Printer, type PrinterStatus, type Review } from "@peerfab/protocol";
import { controlJob, errorMessage, listJobs, listPrinters, signedInUserId } from "../api/client.ts";
import { shopReviews } from "../api/marketplace.ts";
import { formatPercent } from "../format/units.ts";
import { hubSocket } from "../live/hub-socket.ts";
import { validateEvent } from "../live/validate-event.ts";
import { makerMayCancel } from "../marketplace/job-cancel.ts";
import { canReview, historyEntries } from "../marketplace/job-history.ts";
import { confirmButton } from "../ui/confirm-button.ts";
import { el, replaceChildren, setText } from "../ui/dom.ts";
import { jobFacts } from "../ui/job-facts.ts";
import { slicedGcodePanel } from "../ui/sliced-gcode-panel.ts";
import { emptyNotice, errorNotice, loadingNotice } from "../ui/notice.ts";
import { reviewBox, type ReviewBox } from "../ui/review-form.ts";
import type { Page } from "./page.ts";

interface Row {
  element: HTMLElement;
  updatedAt: string;
  /** The sliced G-code's sha256 when the row was built: it arrives without changing `updatedAt`. */
  slicedGcode: string | null;
  progress: HTMLElement;
  dispose(): void;
}

export function jobsPage(): Page {
  let disposed = false;
  let loaded = false;
  let viewerId: string | null = null;
  /** The hub's answer to "who am I", for the cancel rule (a hub without accounts answers "single-user"). */
  let viewer: string | "single-user" | null = null;
  const jobs = new Map<string, Job>();
  const rows = new Map<string, Row>();
  const reviews = new Map<string, ReviewBox>();
  const shopReviewsAsked = new Set<string>();
  const printerNames = new Map<string, string>();
  const list = el("ul", { class: "job-list" });
  const box = el("div", { "aria-live": "polite" }, loadingNotice("jobs"));
  const element = el("div", { class: "page page-jobs" }, el("h1", { tabindex: -1 }, "Jobs"), box);

  const reviewFor = (job: Job): HTMLElement | null => {
    if (!canReview(job, viewerId) || !job.shopId) return null;
    let review = reviews.get(job.id);
    if (!review) {
      review = reviewBox(job.id, "the shop");
      reviews.set(job.id, review);
      const shopId = job.shopId;
      if (!shopReviewsAsked.has(shopId)) {
        shopReviewsAsked.add(shopId);
        shopReviews(shopId)
          .then((found: Review[]) => {
            for (const r of found) reviews.get(r.jobId)?.showReview(r);
          })
          .catch(() => {
            // Unknown: the form stays; the hub refuses a second review with a sentence.
          });
      }
    }
    return review.element;
  };

  const render = () => {
    const sorted = [...jobs.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    if (sorted.length === 0) {
      replaceChildren(box, emptyNotice("No jobs yet. Open a design and press Print to start one."));
      return;
    }
    if (list.parentElement !== box) replaceChildren(box, list);
    let previous: Element | null = null;
    for (const job of sorted) {
      let row = rows.get(job.id);
      if (!row || row.updatedAt !== job.updatedAt || row.slicedGcode !== (job.slicedGcode?.sha256 ?? null)) {
        const fresh = jobRow(job, printerNames, viewerId, reviewFor(job), makerMayCancel(job, viewer));
        if (row) {
          row.dispose();
          row.element.replaceWith(fresh.element);
        }
        row = fresh;
        rows.set(job.id, row);
      }
      const expected: Element | null = previous ? previous.nextElementSibling : list.firstElementChild;
      if (expected !== row.element) list.insertBefore(row.element, expected);
      previous = row.element;
    }
  };

  const load = () => {
    Promise.all([listJobs(), listPrinters().catch((): Printer[] => []), signedInUserId().catch(() => null)])
      .then(([result, printers, me]) => {
        if (disposed) return;
        loaded = true;
        viewerId = me === "single-user" ? null : me;
        viewer = me;
        jobs.clear();
        for (const row of rows.values()) row.dispose();
        rows.clear();
        list.replaceChildren();
        for (const job of result.jobs) jobs.set(job.id, job);
        printerNames.clear();
        for (const p of printers) printerNames.set(p.id, p.name);
        render();
      })
      .catch((error: unknown) => {
        if (!disposed) replaceChildren(box, errorNotice(errorMessage(error), load));
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
  // Live progress of a printing job, from its printer's telemetry (the maker gets it too).
  const onStatus = (payload: PrinterStatus) => {
    const status = validateEvent(PrinterStatusSchema, payload, "printer:status");
    const progress = status?.progress;
    if (!progress) return;
    const row = rows.get(progress.jobId);
    if (row && jobs.get(progress.jobId)?.state !== "completed") setText(row.progress, formatPercent(progress.fraction));
  };
  // After a reconnect the list may have missed updates: fetch it again.
  const onReconnect = () => load();
  socket.on("job:updated", onJob);
  socket.on("printer:status", onStatus);
  socket.io.on("reconnect", onReconnect);
  load();

  return {
    title: "Jobs",
    element,
    dispose: () => {
      disposed = true;
      for (const row of rows.values()) row.dispose();
      socket.off("job:updated", onJob);
      socket.off("printer:status", onStatus);
      socket.io.off("reconnect", onReconnect);
    },
  };
}

function jobRow(job: Job, printerNames: ReadonlyMap<string, string>, viewerId: string | null, review: HTMLElement | null, cancellable: boolean): Row {
  const printer = job.printerId ? (printerNames.get(job.printerId) ?? (job.shopId ? "The shop's printer" : job.printerId)) : job.target?.kind === "shop" ? "Waiting for the shop's quote" : "Open to print shops";
  const { head, facts, progress } = jobFacts(job, { printer, withoutPrice: "omit", time: "created" });
  const history = historyEntries(job, viewerId);
  const gcodePanel = slicedGcodePanel(job);
  const cancelError = el("p", { class: "field-error", role: "alert", "data-testid": "job-cancel-error" });
  // The row is rebuilt when the hub reports the cancellation (`job:updated`), without the button.
  const cancel = cancellable
    ? confirmButton({
        label: "Cancel job",
        confirmLabel: "Really cancel this job?",
        testId: "job-cancel",
        onConfirm: () => {
          setText(cancelError, "");
          controlJob(job.id, "cancel").catch((error: unknown) => setText(cancelError, errorMessage(error)));
        },
      })
    : null;
  const element = el(
    "li",
    { class: "job-row", "data-testid": "job-row", "data-job-id": job.id },
    head,
    facts,
    gcodePanel?.element ?? null,
    job.message ? el("p", { class: "job-message" }, job.message) : null,
    history.length > 0
      ? el(
          "details",
          { class: "job-history" },
          el("summary", {}, `History (${history.length})`),
          el(
            "ol",
            { "data-testid": "job-history" },
            ...history.map((entry) => el("li", {}, el("time", { datetime: entry.at }, entry.atText), " ", entry.text)),
          ),
        )
      : null,
    cancel ? el("div", { class: "job-actions" }, cancel.element, cancelError) : null,
    review,
  );
  return {
    element,
    updatedAt: job.updatedAt,
    slicedGcode: job.slicedGcode?.sha256 ?? null,
    progress,
    dispose: () => {
      cancel?.dispose();
      gcodePanel?.dispose();
    },
  };
}
