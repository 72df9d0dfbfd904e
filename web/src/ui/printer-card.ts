/**
 * One printer on the dashboard. Built once and then patched in place on every update, so
 * keyboard focus on its buttons survives the two-second telemetry.
 */
import type { JobAction } from "../api/client.ts";
import type { PrinterCardView } from "../dashboard/printer-card-view.ts";
import type { TemperatureSample } from "../dashboard/temperature-history.ts";
import { confirmButton } from "./confirm-button.ts";
import { el, setText } from "./dom.ts";
import { temperatureChart } from "./temperature-chart.ts";
import { toolpathPreview } from "./toolpath-preview.ts";


export interface PrinterCard {
  readonly element: HTMLElement;
  update(view: PrinterCardView, samples: readonly TemperatureSample[]): void;
  dispose(): void;
}

export type JobActionHandler = (jobId: string, action: JobAction) => Promise<void>;
/** The operator confirms the finished print was taken off the bed (`POST /api/printers/:id/bed-clear`). */
export type BedClearHandler = (printerId: string) => Promise<unknown>;

export function printerCard(onAction: JobActionHandler, onBedClear?: BedClearHandler): PrinterCard {
  const name = el("h2", { class: "printer-name" });
  const state = el("span", { class: "state-pill", "data-testid": "printer-state" });
  const hotend = el("dd", { "data-testid": "temp-hotend" });
  const bed = el("dd", { "data-testid": "temp-bed" });
  const volume = el("dd", {});
  const message = el("p", { class: "printer-message" });
  const chart = temperatureChart();
  const toolpath = toolpathPreview();

  const jobTitle = el("p", { class: "job-title", "data-testid": "job-title" });
  const jobState = el("span", { class: "state-pill", "data-testid": "job-state" });
  const bar = el("div", { class: "progress-bar" });
  const progress = el("div", {
    class: "progress",
    role: "progressbar",
    "aria-valuemin": 0,
    "aria-valuemax": 100,
    "aria-label": "Job progress",
  });
  const percent = el("span", { class: "progress-text", "data-testid": "job-progress" });
  progress.append(bar);
  const eta = el("span", { class: "job-eta" });
  const jobMessage = el("p", { class: "job-message" });
  const pause = el("button", { type: "button", class: "button", "data-testid": "pause-button" }, "Pause");
  const resume = el("button", { type: "button", class: "button", "data-testid": "resume-button" }, "Resume");
  // Cancelling a print cannot be undone: the first click asks, the second one cancels.
  const cancelConfirm = confirmButton({ label: "Cancel", confirmLabel: "Really cancel?", testId: "cancel-button", onConfirm: () => run("cancel") });
  const cancel = cancelConfirm.element;
  const emergencyStop = confirmButton({
    label: "Emergency stop",
    confirmLabel: "Really stop now? The print is lost",
    testId: "emergency-stop-button",
    onConfirm: () => run("emergency-stop"),
  });
  emergencyStop.element.classList.add("button-emergency");
  const actionError = el("p", { class: "field-error", role: "alert" });
  const bedClearButton = el("button", { type: "button", class: "button button-primary", "data-testid": "bed-clear-button" }, "Bed is clear");
  const bedClear = el(
    "div",
    { class: "bed-clear", role: "status", "data-testid": "bed-clear" },
    el("p", {}, "The last print is still on the bed: take it off, then confirm. No next job starts until you do."),
    bedClearButton,
  );
  bedClear.hidden = true;
  const noJob = el("p", { class: "no-job" }, "No job on this printer.");
  const jobBlock = el(
    "div",
    { class: "job", "data-testid": "printer-job" },
    el("div", { class: "job-head" }, jobTitle, jobState),
    el("div", { class: "progress-row" }, progress, percent),
    eta,
    jobMessage,
    el("div", { class: "job-actions" }, pause, resume, cancel, emergencyStop.element),
    toolpath.element,
  );

  const element = el(
    "article",
    { class: "printer-card", "data-testid": "printer-card" },
    el("header", { class: "printer-head" }, name, state),
    el(
      "dl",
      { class: "temps" },
      el("dt", {}, "Hotend"),
      hotend,
      el("dt", {}, "Bed"),
      bed,
      el("dt", {}, "Build volume"),
      volume,
    ),
    message,
    bedClear,
    chart.element,
    el("section", { class: "printer-job", "aria-label": "Current job" }, noJob, jobBlock, actionError),
  );

  let jobId = "";
  let lastSamples: readonly TemperatureSample[] | null = null;

  const resetCancel = () => cancelConfirm.reset();
  const run = (action: JobAction) => {
    if (!jobId) return;
    setText(actionError, "");
    onAction(jobId, action).catch((error: unknown) =>
      setText(actionError, error instanceof Error ? error.message : `Could not ${action} the job.`),
    );
  };
  let printerId = "";
  bedClearButton.addEventListener("click", () => {
    if (!onBedClear || !printerId) return;
    bedClearButton.disabled = true;
    setText(actionError, "");
    onBedClear(printerId)
      .catch((error: unknown) => setText(actionError, error instanceof Error ? error.message : "Could not confirm the bed is clear."))
      .finally(() => {
        bedClearButton.disabled = false;
      });
  });
  pause.addEventListener("click", () => run("pause"));
  resume.addEventListener("click", () => run("resume"));

  return {
    element,
    update(view, samples) {
      element.dataset.printerId = view.id;
      printerId = view.id;
      bedClear.hidden = !view.needsBedClear || !onBedClear;
      bedClearButton.disabled = view.stale;
      element.classList.toggle("is-stale", view.stale);
      element.setAttribute("aria-busy", String(view.stale));
      setText(name, view.name);
      setText(state, view.stateLabel);
      state.dataset.state = view.state;
      setText(hotend, view.hotendText);
      setText(bed, view.bedText);
      setText(volume, view.buildVolumeText);
      setText(message, view.message ?? "");
      message.hidden = !view.message;
      if (samples !== lastSamples) {
        lastSamples = samples;
        chart.draw(samples);
      }

      const job = view.job;
      noJob.hidden = job !== null;
      jobBlock.hidden = job === null;
      if (!job) {
        if (jobId) resetCancel();
        emergencyStop.reset();
        jobId = "";
        toolpath.show(null);
        return;
      }
      if (job.id !== jobId) resetCancel();
      jobId = job.id;
      setText(jobTitle, job.title);
      setText(jobState, job.state);
      jobState.dataset.state = job.state;
      const pct = Math.round(job.fraction * 1000) / 10;
      bar.style.width = `${pct}%`;
      progress.setAttribute("aria-valuenow", String(Math.floor(job.fraction * 100)));
      progress.setAttribute("aria-valuetext", job.percentText);
      setText(percent, job.percentText);
      setText(eta, job.etaText ?? "");
      setText(jobMessage, job.message ?? "");
      jobMessage.hidden = !job.message;
      pause.disabled = !job.canPause || view.stale;
      resume.disabled = !job.canResume || view.stale;
      cancel.disabled = !job.canCancel || view.stale;
      if (cancel.disabled) resetCancel();
      emergencyStop.element.hidden = !job.canEmergencyStop;
      emergencyStop.element.disabled = !job.canEmergencyStop || view.stale;
      if (emergencyStop.element.disabled) emergencyStop.reset();
      toolpath.show(job.gcode ? { id: job.id, gcodePath: job.gcode.path, commandsDone: job.gcode.commandsDone } : null);
    },
    dispose() {
      cancelConfirm.dispose();
      emergencyStop.dispose();
      chart.dispose();
      toolpath.dispose();
    },
  };
}
