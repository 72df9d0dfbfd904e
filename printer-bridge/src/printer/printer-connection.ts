/**
 * One printer on one serial line: the handshake, one job at a time (pause / resume / cancel /
 * emergency stop), temperatures, and what to do when the firmware fails, restarts or goes away.
 * Owns no I/O library: it writes and reads lines of a SerialLine. The parts: handshake.ts,
 * command-stream.ts (send window, resends, line numbers, communication timeout), job-control.ts
 * (with job-feed.ts and job-scripts.ts), response-dispatcher.ts.
 */
import type { PrinterState, Temperatures } from "@peerfab/protocol";
import type { FirmwareIdentity } from "../marlin/firmware-flavour.ts";
import { parseFirmwareLine } from "../marlin/firmware-response.ts";
import type { PositionTracker } from "../marlin/position-tracker.ts";
import type { SerialLine } from "../serial/serial-port.ts";
import { type Logger, silentLogger } from "../log.ts";
import { CommandStream } from "./command-stream.ts";
import { DEFAULT_TIMEOUTS } from "./command-timeout.ts";
import type { PrinterConnectionEvents, PrinterConnectionOptions } from "./connection-options.ts";
import { FirmwareProfile, handshake } from "./handshake.ts";
import { JobControl } from "./job-control.ts";
import type { JobOutcome } from "./job-feed.ts";
import { HEATERS_OFF } from "./job-scripts.ts";
import { dispatchResponse, type OkResponse, showsFirmwareAtWork } from "./response-dispatcher.ts";
import { TypedEvents } from "./typed-events.ts";

export { END_SCRIPT, HEATERS_OFF } from "./job-scripts.ts";
export type { JobOutcome } from "./job-feed.ts";
export type { PrinterConnectionEvents, PrinterConnectionOptions } from "./connection-options.ts";

export class PrinterConnection extends TypedEvents<PrinterConnectionEvents> {
  temperatures: Temperatures | null = null;
  private readonly profile = new FirmwareProfile();
  private stateValue: PrinterState = "connecting";
  private message: string | null = null;
  private readonly logger: Logger;
  private readonly stream: CommandStream;
  private readonly jobs: JobControl;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  /** Set by `emergencyStop()`: the firmware's halt report that follows is expected, not a new fault. */
  private emergencyStopped = false;

  constructor(
    private readonly line: SerialLine,
    private readonly options: PrinterConnectionOptions = {},
  ) {
    super();
    this.logger = options.logger ?? silentLogger;
    this.stream = new CommandStream(line, {
      rxBufferSize: options.rxBufferSize ?? 128,
      windowMode: options.windowMode ?? "window",
      timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      logger: this.logger,
      onUnresponsive: () => this.fatal("The printer stopped answering (5 communication timeouts)."),
    });
    this.jobs = new JobControl(this.stream, {
      ...(options.pauseScript ? { pauseScript: options.pauseScript } : {}),
      ...(options.endScript ? { endScript: options.endScript } : {}),
      logger: this.logger,
      onState: (state) => this.setState(state, null),
      onProgress: (progress) => this.emit("progress", progress),
    });
    line.onLine((text) => this.receive(text));
    line.onClose((error) => this.lost(error));
  }

  get firmwareName(): string {
    return this.profile.name;
  }

  /** Flavour, version and machine from M115 (null before the handshake read it). */
  get firmware(): FirmwareIdentity | null {
    return this.profile.identity;
  }

  /** `Cap:` flags from M115. */
  get firmwareCaps(): Readonly<Record<string, boolean>> {
    return this.profile.caps;
  }

  get state(): PrinterState {
    return this.stateValue;
  }

  get statusMessage(): string | null {
    return this.message;
  }

  get activeJobId(): string | null {
    return this.jobs.active?.jobId ?? null;
  }

  get linesDone(): number {
    return this.stream.confirmed;
  }

  /** Send window figures: ADVANCED_OK queue slots learned, and the most bytes ever in flight. */
  get windowStats(): { queueSlots: number; peakBytesInFlight: number } {
    return { queueSlots: this.stream.window.queueSlots, peakBytesInFlight: this.stream.window.peakBytesInFlight };
  }

  /** The position the job left the head at, from the G-code sent so far. */
  get trackedPosition(): PositionTracker["position"] {
    return this.jobs.tracker.position;
  }

  /** M110 N0, M115 (firmware name and Cap: flags), then temperature autoreport or polling. */
  async handshake(): Promise<void> {
    const reports = await handshake(
      {
        path: this.line.path,
        closed: () => this.closed,
        send: (command, lineNumber) => this.stream.sendHost(command, lineNumber ?? null),
        forgetInFlight: () => this.stream.forgetInFlight(),
        firmwareCaps: this.profile.caps,
      },
      this.options,
    );
    if (reports.kind === "poll") this.pollTimer = setInterval(() => this.poll(), reports.pollMs);
    this.setState("idle", null);
  }

  /**
   * Streams `commands` (comments already removed), reading each only as it is about to go out.
   * Resolves when the job ends, whatever the outcome.
   */
  print(jobId: string, commands: readonly string[]): Promise<JobOutcome> {
    const running = this.jobs.active;
    if (running) throw new Error(`Printer is busy with job ${running.jobId}`);
    if (this.stateValue !== "idle") throw new Error(`Printer is ${this.stateValue}, not idle`);
    return this.jobs.start(jobId, commands);
  }

  /** Queues M104 S0 and M140 S0; resolves when the firmware acknowledged both. */
  async heatersOff(): Promise<void> {
    await Promise.all(HEATERS_OFF.map((command) => this.stream.sendHost(command)));
  }

  /**
   * Stops feeding the job. With a pause script, parks once every job line sent has been
   * acknowledged (so a resend can never replay a job line after the park).
   */
  pause(): void {
    this.jobs.pause();
  }

  /** Undoes the pause script (temperatures, position, E, feed rate, modes), then feeds the job again. */
  resume(): void {
    this.jobs.resume();
  }

  /** Stops feeding the job, then runs the end script (default: heaters off, lift, motors off). */
  cancel(message = "cancelled"): void {
    // A heat-and-wait in flight would hold the end script until the target is reached.
    this.jobs.cancel(message, this.profile.caps["EMERGENCY_PARSER"] === true);
  }

  /**
   * M112 straight to the wire, ahead of everything in flight or queued. Firmware with
   * EMERGENCY_PARSER acts on it as soon as its bytes arrive; without it, it still jumps the host's
   * queue. The printer needs a reset afterwards.
   */
  emergencyStop(): void {
    this.emergencyStopped = true;
    this.stream.writeUnaccounted("M112");
    this.jobs.fail("emergency stop (M112)");
    this.stream.dropQueued();
    this.setState("error", "Emergency stop: the printer halted. Power-cycle or reset it, then reconnect.");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.jobs.active) this.cancel("bridge shut down");
    this.closed = true;
    this.stopTimers();
    await new Promise((r) => setTimeout(r, 50));
    await this.line.close();
  }

  // --- answers from the firmware -------------------------------------------------------------

  private receive(text: string): void {
    if (text.trim().length === 0) return;
    const response = parseFirmwareLine(text);
    if (showsFirmwareAtWork(response, text, this.stream.inFlight)) this.stream.heard();
    dispatchResponse(response, text, {
      ok: (ok) => this.acknowledged(ok),
      resend: (lineNumber) => {
        const fatal = this.stream.resend(lineNumber);
        if (fatal) this.fatal(fatal);
        else this.afterAnswer();
      },
      temperatures: (temperatures) => this.updateTemperatures(temperatures),
      firmwareInfo: (fields) => this.identify(fields),
      capability: (name, enabled) => this.profile.capability(name, enabled),
      error: (severity, message, line) => {
        if (severity === "fatal") this.fatal(`The printer reported: ${message}`);
        else this.logger.warn({ firmware: line }, "recoverable firmware error");
      },
      restarted: () => this.firmwareRestarted(),
      action: (action, argument) => {
        this.logger.info({ action, argument }, "host action from firmware");
        this.jobs.hostAction(action, this.profile.caps["EMERGENCY_PARSER"] === true);
      },
      busy: () => this.stream.busyProtocolSeen(),
      chatter: (line) => this.logger.debug({ firmware: line }, "firmware says"),
    });
  }

  private acknowledged(ok: OkResponse): void {
    if (ok.temperatures) this.updateTemperatures(ok.temperatures);
    if (ok.firmwareInfo) this.identify(ok.firmwareInfo);
    this.stream.acknowledge(ok.lineNumber, ok.bufferFree);
    this.afterAnswer();
  }

  private identify(fields: Record<string, string>): void {
    const identity = this.profile.identify(fields);
    this.stream.adaptTo(identity.flavour);
    this.logger.info({ firmware: identity }, "firmware identified");
  }

  private afterAnswer(): void {
    this.jobs.afterAnswer();
    this.stream.pump();
  }

  private updateTemperatures(temperatures: Temperatures): void {
    this.temperatures = temperatures;
    this.emit("temperatures", temperatures);
  }

  private poll(): void {
    if (!this.stream.has("M105")) void this.stream.sendHost("M105");
  }

  // --- when things go wrong ------------------------------------------------------------------

  private fatal(message: string): void {
    if (this.emergencyStopped) {
      // The firmware confirming the operator's M112 ("Printer halted. kill() called!") is expected:
      // keep the emergency-stop message, which tells the operator what to do next.
      this.logger.warn({ message }, "printer halted after the emergency stop");
      return;
    }
    this.logger.error({ message }, "fatal printer error");
    this.jobs.fail(message);
    this.stream.forgetInFlight();
    this.stream.writeUnaccounted(...HEATERS_OFF);
    this.setState("error", `${message} Fix the cause, then reset the printer and restart the bridge.`);
  }

  private firmwareRestarted(): void {
    if (this.stateValue === "connecting") return;
    const message = "The printer restarted (firmware reset) during the print; the job cannot continue.";
    this.jobs.fail(message);
    this.stream.forgetInFlight(true);
    this.setState("connecting", "firmware restarted");
    // A reset turns the heaters off on real boards; make sure of it before the next job.
    this.handshake()
      .then(() => this.heatersOff())
      .catch((error: unknown) => this.setState("error", String(error)));
  }

  private lost(error: Error | null): void {
    this.stopTimers();
    const cause = error ? `Lost the printer: ${error.message}.` : "Disconnected.";
    const message = error ? `${cause} Check the USB cable and power.` : cause;
    const job = this.jobs.active;
    if (job)
      this.jobs.fail(`${cause} The printer acknowledged line ${this.jobs.linesDone} of ${job.total}. Check the USB cable and power, then restart the job.`);
    this.closed = true;
    this.setState("offline", message);
  }

  private stopTimers(): void {
    this.stream.close();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private setState(state: PrinterState, message: string | null): void {
    if (state === this.stateValue && message === this.message) return;
    this.stateValue = state;
    this.message = message;
    this.emit("state", state, message);
  }
}
