/**
 * What one printer card shows, derived from the dashboard state. Pure, so the rules (which job
 * is current, what percent, which buttons) are tested without a DOM.
 */
import { isTerminal, type Job, type JobProgress, type JobState, type PrinterState, slicedGcodePath } from "@peerfab/protocol";
import { designFilePath } from "../designs/design-files.ts";
import { formatDuration, formatHeater, formatPercent } from "../format/units.ts";
import type { DashboardState } from "./dashboard-state.ts";

export interface CardJobView {
  readonly id: string;
  readonly title: string;
  readonly state: JobState | "unknown";
  /** 0..1 */
  readonly fraction: number;
  readonly percentText: string;
  readonly etaText: string | null;
  readonly message: string | null;
  readonly canPause: boolean;
  readonly canResume: boolean;
  readonly canCancel: boolean;
  /** Printing or paused: the emergency stop (M112 on the bridge) applies. */
  readonly canEmergencyStop: boolean;
  /**
   * Where the job's G-code is on the hub (the design's G-code file, or what the printer's bridge
   * sliced and sent) and how far the firmware got, for the toolpath preview; null when the hub has none.
   */
  readonly gcode: { readonly path: string; readonly commandsDone: number } | null;
}

export interface PrinterCardView {
  readonly id: string;
  readonly name: string;
  readonly state: PrinterState;
  readonly stateLabel: string;
  readonly hotendText: string;
  readonly bedText: string;
  readonly message: string | null;
  readonly buildVolumeText: string;
  readonly job: CardJobView | null;
  /** The connection is down or not yet resynced: values are shown greyed out. */
  readonly stale: boolean;
  /** A print ended on this printer and its operator has not confirmed the bed is clear: no next job starts. */
  readonly needsBedClear: boolean;
}

const PRINTER_STATE_LABELS: Record<PrinterState, string> = {
  offline: "Offline",
  connecting: "Connecting",
  idle: "Idle",
  printing: "Printing",
  paused: "Paused",
  error: "Error",
};

export function printerStateLabel(state: PrinterState): string {
  return PRINTER_STATE_LABELS[state];
}

export function printerCardView(state: DashboardState, printerId: string): PrinterCardView | null {
  const printer = state.printers.get(printerId);
  if (!printer) return null;
  const { status, capabilities } = printer;
  const v = capabilities.buildVolume;
  return {
    id: printer.id,
    name: printer.name,
    state: status.state,
    stateLabel: printerStateLabel(status.state),
    hotendText: formatHeater(status.temperatures?.tools[0]),
    bedText: formatHeater(status.temperatures?.bed),
    message: status.message,
    buildVolumeText: `${v.x} × ${v.y} × ${v.z} mm`,
    job: currentJobView(state, printerId),
    stale: state.connection !== "live" || !state.synced,
    needsBedClear: printer.needsBedClear === true,
  };
}

/**
 * The job a printer card shows: the one the printer reports progress for; else the printer's
 * most recently updated unfinished job; else its most recently updated finished one.
 */
export function currentJob(state: DashboardState, printerId: string): Job | null {
  const progressJobId = state.printers.get(printerId)?.status.progress?.jobId;
  if (progressJobId !== undefined) {
    const reported = state.jobs.get(progressJobId);
    if (reported) return reported;
  }
  const mine = [...state.jobs.values()]
    .filter((j) => j.printerId === printerId)
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  return mine.find((j) => !isTerminal(j.state)) ?? mine[0] ?? null;
}

function currentJobView(state: DashboardState, printerId: string): CardJobView | null {
  const progress = state.printers.get(printerId)?.status.progress ?? null;
  const job = currentJob(state, printerId);
  if (!job && !progress) return null;

  const jobState: JobState | "unknown" = job?.state ?? "unknown";
  let fraction: number;
  if (jobState === "completed") fraction = 1;
  else if (progress && (!job || progress.jobId === job.id)) fraction = progress.fraction;
  else if (job && job.linesTotal > 0) fraction = job.linesDone / job.linesTotal;
  else fraction = 0;

  const eta = progress && (!job || progress.jobId === job.id) ? progress.etaSeconds : null;
  const active = jobState === "printing" || jobState === "paused";
  return {
    id: job?.id ?? progress?.jobId ?? "",
    title: job?.designTitle ?? "A job this dashboard has not seen yet",
    state: jobState,
    fraction,
    percentText: formatPercent(fraction),
    etaText: active && eta !== null ? `about ${formatDuration(eta)} left` : null,
    message: job?.message ?? null,
    canPause: jobState === "printing",
    canResume: jobState === "paused",
    canCancel: job !== null && !isTerminal(job.state),
    canEmergencyStop: active,
    gcode: job ? gcodeOnHub(job, progress) : null,
  };
}

/** The job's G-code on the hub for the toolpath preview: its design's G-code file, else the G-code its bridge sliced (issue #6). */
function gcodeOnHub(job: Job, progress: JobProgress | null): CardJobView["gcode"] {
  const path = job.gcodeFileId ? designFilePath(job.designId, job.gcodeFileId) : job.slicedGcode ? slicedGcodePath(job.id) : null;
  return path ? { path, commandsDone: commandsDone(job, progress) } : null;
}

/** Acknowledged commands: the live progress when it is this job's, else the job's record; all of them once completed. */
function commandsDone(job: Job, progress: JobProgress | null): number {
  if (job.state === "completed") return Math.max(job.linesTotal, job.slicedGcode?.commands ?? 0, progress?.linesTotal ?? 0);
  if (progress && progress.jobId === job.id) return progress.linesDone;
  return job.linesDone;
}
