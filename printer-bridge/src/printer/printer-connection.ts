/**
 * One printer on one serial line: handshake (M110, M115 capabilities, temperature autoreport
 * or polling), streaming a job with line numbers and checksums through the SendWindow,
 * resends through the ResendHistory, the communication timeout, fatal errors, pause / resume /
 * cancel / emergency stop. Owns no I/O library: it writes and reads lines of a SerialLine.
 */
import type { PrinterState, Temperatures } from "@peerfab/protocol";
import { type FirmwareIdentity, flavourTraits, identifyFirmware } from "../marlin/firmware-flavour.ts";
import { type FirmwareResponse, parseFirmwareLine } from "../marlin/firmware-response.ts";
import { LINE_NUMBER_RESET, numberedLine } from "../marlin/line-codec.ts";
import { PositionTracker } from "../marlin/position-tracker.ts";
import { ResendHistory } from "../marlin/resend-history.ts";
import { type InFlightCommand, SendWindow, type WindowMode } from "../marlin/send-window.ts";
import type { SerialLine } from "../serial/serial-port.ts";
import { type Logger, silentLogger } from "../log.ts";
import { type CommunicationTimeouts, DEFAULT_TIMEOUTS, isLongCommand, silenceAllowed } from "./command-timeout.ts";
import { TypedEvents } from "./typed-events.ts";

/** Default cancel script: heaters off, lift the nozzle 5 mm off the part, motors off. */
export const END_SCRIPT: readonly string[] = ["M104 S0", "M140 S0", "G91", "G1 Z5", "G90", "M84"];
export const HEATERS_OFF: readonly string[] = ["M104 S0", "M140 S0"];
const HEATING_REPORT = /\sW:/;
const HEAT_AND_WAIT = /^(?:N\d+\s+)?M(?:109|190|191)\b/;

export interface JobOutcome {
  outcome: "completed" | "failed" | "cancelled";
  linesDone: number;
  message: string | null;
}

export interface PrinterConnectionEvents {
  [event: string]: (...args: never[]) => void;
  temperatures: (temperatures: Temperatures) => void;
  progress: (progress: { linesDone: number; linesTotal: number }) => void;
  state: (state: PrinterState, message: string | null) => void;
}

export interface PrinterConnectionOptions {
  /** Firmware receive buffer in bytes. Default 128. */
  rxBufferSize?: number;
  windowMode?: WindowMode;
  timeouts?: Partial<CommunicationTimeouts>;
  /** How long to wait for the firmware to answer the handshake. Default 10 s. */
  handshakeMs?: number;
  /** Temperature poll / autoreport interval in seconds. Default 2. */
  temperatureIntervalSeconds?: number;
  /** Sent when a job pauses (e.g. `G91`, `G1 Z5`, `G90`, `G1 X0 Y200`). Default none: just stop feeding. */
  pauseScript?: readonly string[];
  /** Sent when a job is cancelled. Default END_SCRIPT. */
  endScript?: readonly string[];
  logger?: Logger;
}

interface Pending extends InFlightCommand {
  done?: (ok: boolean) => void;
}

interface ActiveJob {
  jobId: string;
  commands: readonly string[];
  next: number;
  paused: boolean;
  finish: (outcome: JobOutcome) => void;
}

export class PrinterConnection extends TypedEvents<PrinterConnectionEvents> {
  firmwareName = "";
  /** Flavour, version and machine from M115 (null before the handshake read it). */
  firmware: FirmwareIdentity | null = null;
  readonly firmwareCaps: Record<string, boolean> = {};
  temperatures: Temperatures | null = null;
  private stateValue: PrinterState = "connecting";
  private message: string | null = null;
  private readonly window: SendWindow;
  private readonly history = new ResendHistory();
  private readonly timeouts: CommunicationTimeouts;
  private readonly logger: Logger;
  private readonly hostQueue: Pending[] = [];
  private replay: { lineNumber: number; wire: string }[] = [];
  private job: ActiveJob | null = null;
  private numbering = false;
  private confirmed = -1;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private silentTimeouts = 0;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private lastProgress = -1;
  /** The firmware has sent `busy:`: it keeps talking while it works, so silence means trouble sooner. */
  private busyProtocol = false;
  private tracker = new PositionTracker();
  /** Pause script waiting for every job line in flight to be acknowledged. */
  private pendingPark: string[] = [];
  private parked = false;

  constructor(
    private readonly line: SerialLine,
    private readonly options: PrinterConnectionOptions = {},
  ) {
    super();
    this.window = new SendWindow({ capacityBytes: options.rxBufferSize ?? 128, mode: options.windowMode ?? "window" });
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.logger = options.logger ?? silentLogger;
    line.onLine((text) => this.receive(text));
    line.onClose((error) => this.lost(error));
  }

  get state(): PrinterState {
    return this.stateValue;
  }

  get statusMessage(): string | null {
    return this.message;
  }

  get activeJobId(): string | null {
    return this.job?.jobId ?? null;
  }

  get linesDone(): number {
    return Math.max(0, this.confirmed);
  }

  /** M110 N0, M115 (firmware name and Cap: flags), then temperature autoreport or polling. */
  async handshake(): Promise<void> {
    const deadline = Date.now() + (this.options.handshakeMs ?? 10_000);
    await new Promise((r) => setTimeout(r, 300));
    let answered = false;
    while (!answered) {
      if (this.closed) throw new Error(`${this.line.path} closed during the handshake`);
      const attempt = this.sendHost(numberedLineFor(0), 0);
      const timer = new Promise<boolean>((r) => setTimeout(() => r(false), 1_500));
      answered = await Promise.race([attempt, timer]);
      if (!answered) {
        this.window.clear();
        if (Date.now() > deadline)
          throw new Error(
            `The printer on ${this.line.path} does not answer (no "ok" to M110). Check the baud rate (try --baud 115200 or 250000) and that it runs Marlin-compatible firmware.`,
          );
      }
    }
    await this.sendHost("M115");
    const interval = this.options.temperatureIntervalSeconds ?? 2;
    if (this.firmwareCaps["AUTOREPORT_TEMP"]) await this.sendHost(`M155 S${interval}`);
    else this.pollTimer = setInterval(() => this.poll(), interval * 1000);
    this.setState("idle", null);
  }

  /** Streams `commands` (comments already removed). Resolves when the job ends, whatever the outcome. */
  print(jobId: string, commands: readonly string[]): Promise<JobOutcome> {
    if (this.job) throw new Error(`Printer is busy with job ${this.job.jobId}`);
    if (this.stateValue !== "idle") throw new Error(`Printer is ${this.stateValue}, not idle`);
    return new Promise<JobOutcome>((resolve) => {
      this.history.clear();
      this.replay = [];
      this.confirmed = -1;
      this.lastProgress = -1;
      this.tracker = new PositionTracker();
      this.window.restartNumbering();
      this.parked = false;
      this.pendingPark = [];
      this.numbering = true;
      this.job = { jobId, commands, next: 0, paused: false, finish: resolve };
      this.sendNumbered(0, LINE_NUMBER_RESET);
      this.setState("printing", null);
      this.emitProgress();
      this.pump();
    });
  }

  /** Queues M104 S0 and M140 S0; resolves when the firmware acknowledged both. */
  async heatersOff(): Promise<void> {
    await Promise.all(HEATERS_OFF.map((command) => this.sendHost(command)));
  }

  /** Send window figures: ADVANCED_OK queue slots learned, and the most bytes ever in flight. */
  get windowStats(): { queueSlots: number; peakBytesInFlight: number } {
    return { queueSlots: this.window.queueSlots, peakBytesInFlight: this.window.peakBytesInFlight };
  }

  /** The position the job left the head at, from the G-code sent so far. */
  get trackedPosition(): PositionTracker["position"] {
    return this.tracker.position;
  }

  /**
   * Stops feeding the job. With a pause script, parks once every job line sent has been
   * acknowledged (so a resend can never replay a job line after the park).
   */
  pause(): void {
    if (!this.job || this.job.paused) return;
    this.job.paused = true;
    const script = this.options.pauseScript ?? [];
    this.pendingPark = [...script];
    this.parked = script.length > 0;
    this.setState("paused", null);
    this.pump();
  }

  /** Undoes the pause script (temperatures, position, E, feed rate, modes), then feeds the job again. */
  resume(): void {
    if (!this.job || !this.job.paused) return;
    if (this.pendingPark.length > 0) this.pendingPark = [];
    else if (this.parked) for (const command of this.tracker.resumeCommands({ pauseScript: this.options.pauseScript ?? [] })) void this.sendHost(command);
    this.parked = false;
    this.job.paused = false;
    this.setState("printing", null);
    this.pump();
  }

  /** Stops feeding the job, then runs the end script (default: heaters off, lift, motors off). */
  cancel(message = "cancelled"): void {
    if (!this.job) return;
    // A heat-and-wait in flight would hold the end script until the target is reached.
    if (this.firmwareCaps["EMERGENCY_PARSER"] && this.window.inFlight.some((c) => HEAT_AND_WAIT.test(c.command))) this.line.write("M108\n");
    this.pendingPark = [];
    this.endJob({ outcome: "cancelled", linesDone: this.jobLinesDone(), message });
    for (const command of this.options.endScript ?? END_SCRIPT) void this.sendHost(command);
    this.setState("idle", null);
  }

  /**
   * M112 straight to the wire, ahead of everything in flight or queued. Firmware with
   * EMERGENCY_PARSER acts on it as soon as its bytes arrive; without it, it still jumps the host's
   * queue. The printer needs a reset afterwards.
   */
  emergencyStop(): void {
    this.line.write("M112\n");
    if (this.job) this.endJob({ outcome: "failed", linesDone: this.jobLinesDone(), message: "emergency stop (M112)" });
    this.hostQueue.length = 0;
    this.setState("error", "Emergency stop: the printer halted. Power-cycle or reset it, then reconnect.");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.job) this.cancel("bridge shut down");
    this.closed = true;
    this.clearTimers();
    await new Promise((r) => setTimeout(r, 50));
    await this.line.close();
  }

  // --- sending -----------------------------------------------------------------------------

  private jobLinesDone(): number {
    return this.job ? Math.min(this.job.commands.length, Math.max(0, this.confirmed)) : 0;
  }

  private sendHost(command: string, lineNumber: number | null = null): Promise<boolean> {
    return new Promise((resolve) => {
      this.hostQueue.push({ command, lineNumber, bytes: command.length + 1, done: resolve });
      this.pump();
    });
  }

  private sendNumbered(lineNumber: number, command: string): void {
    const wire = numberedLine(lineNumber, command);
    this.history.record(lineNumber, wire);
    this.replay.push({ lineNumber, wire });
  }

  private transmit(entry: Pending, wire: string): void {
    this.window.add(entry);
    this.line.write(`${wire}\n`);
    this.armSilenceTimer();
  }

  /** Sends whatever fits: replayed lines, then host commands, then the job's next lines. */
  private pump(): void {
    if (this.closed) return;
    for (;;) {
      const replayed = this.replay[0];
      if (replayed) {
        if (!this.window.canSend(replayed.wire.length + 1)) return;
        this.replay.shift();
        this.transmit({ command: replayed.wire, lineNumber: replayed.lineNumber, bytes: replayed.wire.length + 1 }, replayed.wire);
        continue;
      }
      if (this.pendingPark.length > 0 && !this.window.inFlight.some((c) => c.lineNumber !== null)) {
        for (const command of this.pendingPark.splice(0)) this.hostQueue.push({ command, lineNumber: null, bytes: command.length + 1 });
      }
      const host = this.hostQueue[0];
      if (host) {
        if (!this.window.canSend(host.command.length + 1)) return;
        this.hostQueue.shift();
        this.transmit({ ...host, bytes: host.command.length + 1 }, host.command);
        continue;
      }
      const job = this.job;
      if (!job || job.paused || job.next >= job.commands.length) return;
      const command = job.commands[job.next];
      if (command === undefined) return;
      const lineNumber = job.next + 1;
      const wire = numberedLine(lineNumber, command);
      if (!this.window.canSend(wire.length + 1)) return;
      job.next++;
      this.history.record(lineNumber, wire);
      this.tracker.observe(command);
      this.transmit({ command, lineNumber, bytes: wire.length + 1 }, wire);
    }
  }

  private poll(): void {
    if (this.window.inFlight.some((c) => c.command === "M105") || this.hostQueue.some((c) => c.command === "M105")) return;
    void this.sendHost("M105");
  }

  // --- receiving ---------------------------------------------------------------------------

  private receive(text: string): void {
    if (text.trim().length === 0) return;
    const response = parseFirmwareLine(text);
    // Periodic reports (autoreported temperatures, positions, fans) say nothing about the
    // commands in flight and do not re-arm the timer, except while a heat-and-wait or homing
    // runs; the `W:` of Marlin's and Prusa's heat-and-wait reports says one runs.
    const periodic = response.kind === "temperatures" || response.kind === "other";
    if (!periodic || HEATING_REPORT.test(text) || this.window.inFlight.some((c) => isLongCommand(c.command))) {
      this.silentTimeouts = 0;
      this.armSilenceTimer();
    }
    this.handle(response, text);
  }

  private handle(response: FirmwareResponse, text: string): void {
    switch (response.kind) {
      case "ok":
        if (response.temperatures) this.updateTemperatures(response.temperatures);
        if (response.firmwareInfo) this.identify(response.firmwareInfo);
        // ADVANCED_OK: lines up to N left the receive buffer (a stale N from an earlier job is ignored).
        if (this.numbering) this.window.firmwareRead(response.lineNumber !== null && response.lineNumber <= this.history.lastSent ? response.lineNumber : null, response.bufferFree);
        this.acknowledge(response.lineNumber);
        return;
      case "resend":
        this.resend(response.lineNumber);
        return;
      case "temperatures":
        this.updateTemperatures(response.temperatures);
        return;
      case "firmware-info":
        this.identify(response.fields);
        return;
      case "capability":
        this.firmwareCaps[response.name] = response.enabled;
        return;
      case "error":
        if (response.severity === "fatal") this.fatal(`The printer reported: ${response.message}`);
        else this.logger.warn({ firmware: text }, "recoverable firmware error");
        return;
      case "start":
        this.firmwareRestarted();
        return;
      case "action":
        this.logger.info({ action: response.action, argument: response.argument }, "host action from firmware");
        if (response.action === "pause" || response.action === "paused") this.pause();
        else if (response.action === "resume" || response.action === "resumed") this.resume();
        else if (response.action === "cancel") this.cancel("cancelled on the printer");
        return;
      case "busy":
        this.busyProtocol = true;
        return;
      case "wait":
        return;
      case "echo":
      case "other":
        this.logger.debug({ firmware: text }, "firmware says");
        return;
    }
  }

  /**
   * Marlin answers every line with one `ok`, but answers a rejected line as soon as it reads it
   * while `ok`s of accepted lines come after they execute: an `ok` frees the oldest entry's bytes
   * without telling which line it was for. Lines accepted are therefore estimated from what is
   * still outstanding, raised by what the firmware states (`Resend: N`, ADVANCED_OK `ok N..`).
   */
  private acknowledge(advancedLineNumber: number | null): void {
    const entry = this.window.acknowledge() as Pending | undefined;
    if (this.numbering) {
      const outstanding = this.window.inFlight.filter((c) => c.lineNumber !== null).length + this.replay.length;
      const estimate = Math.min(this.history.lastSent - outstanding, this.lowestReplayed() - 1);
      this.confirmed = Math.max(this.confirmed, estimate);
      if (advancedLineNumber !== null && advancedLineNumber <= this.history.lastSent)
        this.confirmed = Math.max(this.confirmed, advancedLineNumber);
    }
    entry?.done?.(true);
    this.afterProgress();
  }

  private identify(fields: Record<string, string>): void {
    this.firmware = identifyFirmware(fields);
    this.firmwareName = this.firmware.name;
    this.logger.info({ firmware: this.firmware }, "firmware identified");
  }

  private lowestReplayed(): number {
    let lowest = Number.POSITIVE_INFINITY;
    for (const c of this.window.inFlight) if (c.lineNumber !== null && c.lineNumber < lowest) lowest = c.lineNumber;
    for (const r of this.replay) if (r.lineNumber < lowest) lowest = r.lineNumber;
    return lowest;
  }

  private resend(lineNumber: number): void {
    if (!this.numbering) return;
    this.confirmed = Math.max(this.confirmed, lineNumber - 1);
    if (this.firmware && flavourTraits(this.firmware.flavour).flushesReceiveBufferOnResend) this.forgetFlushedLines(lineNumber);
    const decision = this.history.request(lineNumber);
    switch (decision.kind) {
      case "replay":
        this.logger.debug({ from: decision.from, lines: decision.lines.length }, "resend requested");
        this.replay = decision.lines;
        break;
      case "duplicate":
      case "already-accepted":
        break;
      case "unknown-line":
        this.fatal(`The printer asked to resend line ${decision.lineNumber}, which the bridge no longer has.`);
        return;
      case "loop":
        this.fatal(
          `The printer asked for line ${decision.lineNumber} ${decision.attempts} times: the serial link is corrupting data. Check the USB cable and the baud rate.`,
        );
        return;
    }
    this.afterProgress();
  }

  /**
   * Prusa-Firmware empties its receive buffer before `Resend: N` + `ok`: everything sent after the
   * rejected line is gone and will never be answered. Host commands go back in the queue; job lines
   * come back with the replay. Every request is fresh (no stale duplicates to expect).
   */
  private forgetFlushedLines(lineNumber: number): void {
    const dropped = this.window.discardAfter((c) => c.lineNumber !== null && c.lineNumber >= lineNumber) as Pending[];
    this.hostQueue.unshift(...dropped.filter((c) => c.lineNumber === null));
    this.history.expectNoDuplicates();
  }

  private afterProgress(): void {
    const job = this.job;
    if (job) {
      this.emitProgress();
      const settled = !this.window.inFlight.some((c) => c.lineNumber !== null) && this.replay.length === 0;
      if (settled && job.next >= job.commands.length) this.confirmed = job.commands.length;
      if (settled && this.confirmed >= job.commands.length) {
        this.endJob({ outcome: "completed", linesDone: job.commands.length, message: null });
        this.setState("idle", null);
      }
    }
    this.pump();
  }

  private emitProgress(): void {
    const job = this.job;
    if (!job) return;
    const done = this.jobLinesDone();
    if (done === this.lastProgress) return;
    this.lastProgress = done;
    this.emit("progress", { linesDone: done, linesTotal: job.commands.length });
  }

  private updateTemperatures(temperatures: Temperatures): void {
    this.temperatures = temperatures;
    this.emit("temperatures", temperatures);
  }

  private endJob(outcome: JobOutcome): void {
    const job = this.job;
    if (!job) return;
    this.job = null;
    this.replay = [];
    this.numbering = false;
    this.logger.info({ jobId: job.jobId, ...outcome }, "job ended");
    job.finish(outcome);
  }

  private fatal(message: string): void {
    this.logger.error({ message }, "fatal printer error");
    if (this.job) this.endJob({ outcome: "failed", linesDone: this.jobLinesDone(), message });
    this.replay = [];
    this.window.clear();
    this.pendingPark = [];
    for (const command of HEATERS_OFF) this.line.write(`${command}\n`);
    this.setState("error", `${message} Fix the cause, then reset the printer and restart the bridge.`);
  }

  private firmwareRestarted(): void {
    if (this.stateValue === "connecting") return;
    const message = "The printer restarted (firmware reset) during the print; the job cannot continue.";
    if (this.job) this.endJob({ outcome: "failed", linesDone: this.jobLinesDone(), message });
    this.window.clear();
    this.replay = [];
    for (const pending of this.hostQueue.splice(0)) pending.done?.(false);
    this.setState("connecting", "firmware restarted");
    // A reset turns the heaters off on real boards; make sure of it before the next job.
    this.handshake()
      .then(() => this.heatersOff())
      .catch((error: unknown) => this.setState("error", String(error)));
  }

  private lost(error: Error | null): void {
    this.clearTimers();
    const cause = error ? `Lost the printer: ${error.message}.` : "Disconnected.";
    const message = error ? `${cause} Check the USB cable and power.` : cause;
    const job = this.job;
    if (job) {
      const done = this.jobLinesDone();
      this.endJob({
        outcome: "failed",
        linesDone: done,
        message: `${cause} The printer acknowledged line ${done} of ${job.commands.length}. Check the USB cable and power, then restart the job.`,
      });
    }
    this.closed = true;
    this.setState("offline", message);
  }

  // --- communication timeout ---------------------------------------------------------------

  private armSilenceTimer(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    if (this.closed || this.window.inFlight.length === 0) return;
    this.silenceTimer = setTimeout(() => this.silence(), silenceAllowed(this.window.inFlight, this.timeouts, this.busyProtocol));
  }

  /** The firmware went quiet with commands in flight: an ok was lost, or the line is. */
  private silence(): void {
    this.silenceTimer = null;
    this.silentTimeouts++;
    this.logger.warn({ inFlight: this.window.inFlight.length, confirmed: this.confirmed }, "communication timeout");
    if (this.silentTimeouts > 5) {
      this.fatal("The printer stopped answering (5 communication timeouts).");
      return;
    }
    const numbered = this.window.inFlight.some((c) => c.lineNumber !== null);
    const waiting = [...this.window.inFlight] as Pending[];
    this.window.clear();
    this.history.resetReplay();
    if (numbered && this.numbering) {
      // Send the last line again: the firmware accepts it if it was waiting for it, or answers
      // `Resend: N` with the line it really expects (past the last line: everything arrived).
      const last = this.history.lastSent;
      const decision = this.history.request(last);
      this.history.resetReplay();
      if (decision.kind === "replay") this.replay = decision.lines.slice(-1);
      for (const pending of waiting) if (pending.lineNumber === null) this.hostQueue.push(pending);
    } else {
      for (const pending of waiting) pending.done?.(true);
      this.line.write("M105\n");
    }
    this.pump();
    this.armSilenceTimer();
  }

  private clearTimers(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.silenceTimer = null;
    this.pollTimer = null;
  }

  private setState(state: PrinterState, message: string | null): void {
    if (state === this.stateValue && message === this.message) return;
    this.stateValue = state;
    this.message = message;
    this.emit("state", state, message);
  }
}

function numberedLineFor(lineNumber: number): string {
  return numberedLine(lineNumber, LINE_NUMBER_RESET);
}
