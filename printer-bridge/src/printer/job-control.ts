/**
 * The job on a connection and what happens to it: it starts (new line numbering), pauses (stops
 * feeding; parks with the pause script once the job lines in flight are acknowledged), resumes
 * (restores what the park changed), is cancelled (end script; M108 first to end a heat-and-wait
 * on firmware with EMERGENCY_PARSER), fails, or completes once every line is acknowledged.
 * Reports progress and the printer state a job implies; the connection owns the state itself.
 */
import type { PrinterState } from "@peerfab/protocol";
import { PositionTracker } from "../marlin/position-tracker.ts";
import type { Logger } from "../log.ts";
import type { CommandStream } from "./command-stream.ts";
import { JobFeed, type JobOutcome } from "./job-feed.ts";
import { END_SCRIPT, ParkScript } from "./job-scripts.ts";

const HEAT_AND_WAIT = /^(?:N\d+\s+)?M(?:109|190|191)\b/;

export interface JobControlOptions {
  pauseScript?: readonly string[];
  endScript?: readonly string[];
  logger: Logger;
  /** The printer state the job implies (printing, paused, idle). */
  onState: (state: PrinterState) => void;
  onProgress: (progress: { linesDone: number; linesTotal: number }) => void;
}

export class JobControl {
  private job: JobFeed | null = null;
  private readonly park: ParkScript;
  /** The current or last job's head position. */
  private trackerValue = new PositionTracker();

  constructor(
    private readonly stream: CommandStream,
    private readonly options: JobControlOptions,
  ) {
    this.park = new ParkScript(options.pauseScript ?? []);
  }

  get active(): JobFeed | null {
    return this.job;
  }

  get tracker(): PositionTracker {
    return this.trackerValue;
  }

  /** Job lines the firmware has surely accepted (0 without a job). */
  get linesDone(): number {
    return this.job ? this.job.linesDone(this.stream.confirmed) : 0;
  }

  /** Streams `commands`; resolves when the job ends, whatever the outcome. */
  start(jobId: string, commands: readonly string[]): Promise<JobOutcome> {
    return new Promise<JobOutcome>((resolve) => {
      this.park.reset();
      const job = new JobFeed(jobId, commands, resolve);
      this.job = job;
      this.trackerValue = job.tracker;
      this.stream.startJob(job);
      this.options.onState("printing");
      this.reportProgress();
      this.stream.pump();
    });
  }

  pause(): void {
    if (!this.job || this.job.paused) return;
    this.job.paused = true;
    const script = this.park.pause();
    if (script.length > 0) this.stream.hold(script);
    this.options.onState("paused");
    this.stream.pump();
  }

  resume(): void {
    const job = this.job;
    if (!job || !job.paused) return;
    const parked = !this.stream.holding;
    this.stream.dropHeld();
    for (const command of this.park.resume(parked, job.tracker)) void this.stream.sendHost(command);
    job.paused = false;
    this.options.onState("printing");
    this.stream.pump();
  }

  /** Stops feeding, then runs the end script. `emergencyParser`: the firmware acts on M108 at once. */
  cancel(message: string, emergencyParser: boolean): void {
    if (!this.job) return;
    if (emergencyParser && this.stream.inFlight.some((c) => HEAT_AND_WAIT.test(c.command))) this.stream.writeAhead("M108");
    this.end("cancelled", message);
    for (const command of this.options.endScript ?? END_SCRIPT) void this.stream.sendHost(command);
    this.options.onState("idle");
  }

  /** `//action:pause` and the like, from the printer's own controls. */
  hostAction(action: string, emergencyParser: boolean): void {
    if (action === "pause" || action === "paused") this.pause();
    else if (action === "resume" || action === "resumed") this.resume();
    else if (action === "cancel") this.cancel("cancelled on the printer", emergencyParser);
  }

  /** Ends the job as failed (the caller sets the printer state). */
  fail(message: string): void {
    this.end("failed", message);
  }

  /** After an answer from the firmware: progress, and the job completes once every line is acknowledged. */
  afterAnswer(): void {
    const job = this.job;
    if (!job) return;
    this.reportProgress();
    if (this.stream.jobLinesSettled && job.allSent) {
      this.finish(job, { outcome: "completed", linesDone: job.total, message: null });
      this.options.onState("idle");
    }
  }

  private end(outcome: "failed" | "cancelled", message: string): void {
    if (this.job) this.finish(this.job, { outcome, linesDone: this.linesDone, message });
  }

  private finish(job: JobFeed, outcome: JobOutcome): void {
    this.job = null;
    this.stream.endJob();
    this.options.logger.info({ jobId: job.jobId, ...outcome }, "job ended");
    job.end(outcome);
  }

  private reportProgress(): void {
    const job = this.job;
    if (!job) return;
    const done = this.linesDone;
    if (job.progressed(done)) this.options.onProgress({ linesDone: done, linesTotal: job.total });
  }
}
