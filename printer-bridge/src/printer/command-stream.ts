/**
 * Everything the bridge writes to the firmware passes here, in this order: lines the firmware
 * asked to have again (`Resend:`), host commands, then the job's next lines — each only while the
 * SendWindow has room, and all that fit in one write. Works out what each `ok`, `Resend:` and
 * communication timeout means for the commands in flight (numbered-lines.ts keeps the job's
 * line numbers, silence-watch.ts times the silences).
 */
import { type FirmwareFlavour, flavourTraits } from "../marlin/firmware-flavour.ts";
import { numberedLine } from "../marlin/line-codec.ts";
import { type InFlightCommand, SendWindow, type WindowMode } from "../marlin/send-window.ts";
import type { SerialLine } from "../serial/serial-port.ts";
import type { Logger } from "../log.ts";
import type { CommunicationTimeouts } from "./command-timeout.ts";
import { NumberedLines } from "./numbered-lines.ts";
import { SilenceWatch } from "./silence-watch.ts";

export interface Pending extends InFlightCommand {
  /** Called once the firmware answered (true) or the command was given up (false). */
  done?: (ok: boolean) => void;
}

/** Where the job's lines come from, one at a time as the window makes room. */
export interface JobLineSource {
  /** The next line, or null when none may go out now (paused, refused, all sent). Does not advance. */
  peek(): { lineNumber: number; command: string } | null;
  /** The line `peek` returned is being sent. */
  take(): void;
}

export interface CommandStreamOptions {
  rxBufferSize: number;
  windowMode: WindowMode;
  timeouts: CommunicationTimeouts;
  logger: Logger;
  /** The firmware stopped answering (five communication timeouts in a row). */
  onUnresponsive: () => void;
}

/** Timeouts in a row before the printer counts as gone quiet for good. */
const MAX_SILENT_TIMEOUTS = 5;

export class CommandStream {
  readonly window: SendWindow<Pending>;
  private readonly lines = new NumberedLines();
  private readonly silence: SilenceWatch;
  private readonly hostQueue: Pending[] = [];
  /** Host commands held until every job line sent is acknowledged (a pause script). */
  private held: string[] = [];
  private source: JobLineSource | null = null;
  /** The last answer was `Resend:`: the next ok is the rejected line's, not an executed one's. */
  private afterResend = false;
  /** The firmware empties its receive buffer on a line error (Prusa): what it emptied is never answered. */
  private flushing = false;
  private closed = false;

  constructor(
    private readonly line: SerialLine,
    private readonly options: CommandStreamOptions,
  ) {
    this.window = new SendWindow<Pending>({ capacityBytes: options.rxBufferSize, mode: options.windowMode });
    this.silence = new SilenceWatch(options.timeouts, () => this.window.inFlight, (inARow) => this.silent(inARow));
  }

  /** Highest job line the firmware has surely accepted (0 before any). */
  get confirmed(): number {
    return this.lines.confirmed;
  }

  get inFlight(): readonly Pending[] {
    return this.window.inFlight;
  }

  /** No job line is in flight or waiting to be sent again. */
  get jobLinesSettled(): boolean {
    return !this.jobLinesInFlight() && this.lines.replaying === 0;
  }

  /** Host commands are held back (a pause script waiting for the job lines in flight). */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** The firmware answered about the commands in flight: the communication timeout starts again. */
  heard(): void {
    this.silence.heard();
  }

  /** The firmware sent `busy:`: it keeps talking while it works, so silence means trouble sooner. */
  busyProtocolSeen(): void {
    this.silence.busyProtocol = true;
  }

  /**
   * The firmware is known. One that empties its receive buffer on a line error (Prusa) answers
   * none of the lines it emptied, and answers the ones still on the wire later, one by one: no
   * count of oks can tell what is in its buffer then, so it gets one line in flight at a time.
   */
  adaptTo(flavour: FirmwareFlavour): void {
    const traits = flavourTraits(flavour);
    this.flushing = traits.flushesReceiveBufferOnResend;
    if (this.flushing && this.window.mode === "window") {
      this.options.logger.info({ flavour }, "firmware empties its receive buffer on line errors: streaming one line at a time");
      this.window.oneLineOnly();
    } else this.window.reportQueueFree(traits.queueSlotsAfterOk);
  }

  /** Queues a host command (no line number unless given); resolves when it is answered or given up. */
  sendHost(command: string, lineNumber: number | null = null): Promise<boolean> {
    return new Promise((resolve) => {
      this.hostQueue.push({ command, lineNumber, bytes: command.length + 1, done: resolve });
      this.pump();
    });
  }

  /** Whether `command` is in flight or queued (so a poll does not pile up). */
  has(command: string): boolean {
    return this.window.inFlight.some((c) => c.command === command) || this.hostQueue.some((c) => c.command === command);
  }

  /** A job starts: new numbering (`M110 N0` goes first), then lines from `source` (call `pump`). */
  startJob(source: JobLineSource): void {
    this.lines.start();
    this.window.restartNumbering();
    this.held = [];
    this.source = source;
  }

  /** The job is over: no more job lines, nothing to replay. */
  endJob(): void {
    this.source = null;
    this.lines.stop();
    this.held = [];
  }

  /** Holds `commands` until every job line sent has been acknowledged, then sends them. */
  hold(commands: readonly string[]): void {
    this.held = [...commands];
    this.pump();
  }

  /** Drops held commands that have not gone out. */
  dropHeld(): void {
    this.held = [];
  }

  /**
   * Writes `command` at once, ahead of the window and the queue (M108 for a heat-and-wait). It
   * still counts as in flight: the firmware answers it like any other command.
   */
  writeAhead(command: string): void {
    this.window.add({ command, lineNumber: null, bytes: command.length + 1 });
    this.line.write(`${command}\n`);
    this.silence.arm();
  }

  /** Writes `commands` with no bookkeeping at all (M112, heaters off after a fatal error). */
  writeUnaccounted(...commands: string[]): void {
    this.line.write(commands.map((c) => `${c}\n`).join(""));
  }

  /** Sends whatever fits: replayed lines, then host commands, then the job's next lines, in one write. */
  pump(): void {
    if (this.closed) return;
    const out: string[] = [];
    const send = (entry: Pending, wire: string) => {
      this.window.add(entry);
      out.push(wire);
    };
    for (;;) {
      const replayed = this.lines.nextReplay();
      if (replayed) {
        if (!this.window.canSend(replayed.wire.length + 1)) break;
        this.lines.takeReplay();
        send({ command: replayed.wire, lineNumber: replayed.lineNumber, bytes: replayed.wire.length + 1 }, replayed.wire);
        continue;
      }
      if (this.held.length > 0 && !this.jobLinesInFlight())
        for (const command of this.held.splice(0)) this.hostQueue.push({ command, lineNumber: null, bytes: command.length + 1 });
      const host = this.hostQueue[0];
      if (host) {
        if (!this.window.canSend(host.bytes)) break;
        this.hostQueue.shift();
        send(host, host.command);
        continue;
      }
      const next = this.source?.peek();
      if (!next) break;
      const wire = numberedLine(next.lineNumber, next.command);
      if (!this.window.canSend(wire.length + 1)) break;
      this.source?.take();
      this.lines.record(next.lineNumber, wire);
      send({ command: next.command, lineNumber: next.lineNumber, bytes: wire.length + 1 }, wire);
    }
    if (out.length === 0) return;
    this.line.write(`${out.join("\n")}\n`);
    this.silence.arm();
  }

  /**
   * An `ok` arrived (`lineNumber`, `queueFree`: ADVANCED_OK's N and B). Settles the commands now
   * known to be read (calling their `done`) and raises the confirmed job line.
   */
  acknowledge(lineNumber: number | null, queueFree: number | null): void {
    if (queueFree !== null && !this.flushing) this.window.reportQueueFree(queueFree);
    // The ok after `Resend:` answers a rejected line; a stale N from an earlier job is ignored.
    const executed = !this.afterResend && lineNumber !== null && this.lines.sent(lineNumber) ? lineNumber : null;
    this.afterResend = false;
    const settled = this.window.acknowledge(executed);
    this.lines.acknowledged(this.window.inFlight, executed);
    for (const entry of settled) entry.done?.(true);
  }

  /** `Resend: lineNumber`. Returns what is wrong when the job cannot go on. */
  resend(lineNumber: number): string | null {
    this.afterResend = true;
    if (!this.lines.active) return null;
    // Prusa-Firmware empties its receive buffer first: nothing sent after the rejected line will be
    // answered. Host commands go back in the queue; job lines come back with the replay.
    if (this.flushing) {
      const dropped = this.window.discardAfter((c) => c.lineNumber !== null && c.lineNumber >= lineNumber);
      this.hostQueue.unshift(...dropped.filter((c) => c.lineNumber === null));
    }
    const problem = this.lines.resend(lineNumber, this.flushing);
    if (!problem) this.options.logger.debug({ from: lineNumber, replaying: this.lines.replaying }, "resend requested");
    return problem;
  }

  /** Nothing sent so far will be answered (fatal error, firmware reset). `failQueued`: give up queued host commands too. */
  forgetInFlight(failQueued = false): void {
    this.window.clear();
    this.lines.dropReplay();
    this.held = [];
    if (failQueued) for (const pending of this.hostQueue.splice(0)) pending.done?.(false);
    this.silence.arm();
  }

  /** Drops the host commands not yet sent (emergency stop). */
  dropQueued(): void {
    this.hostQueue.length = 0;
  }

  close(): void {
    this.closed = true;
    this.silence.stop();
  }

  private jobLinesInFlight(): boolean {
    return this.window.inFlight.some((c) => c.lineNumber !== null);
  }

  /**
   * The firmware went quiet with commands in flight: their oks are taken as lost. With job lines
   * in flight the last one goes out again; otherwise the host commands count as answered and an
   * M105 asks whether anyone is there. Five timeouts in a row: the printer stopped answering.
   */
  private silent(inARow: number): void {
    this.options.logger.warn({ inFlight: this.window.inFlight.length, confirmed: this.lines.confirmed }, "communication timeout");
    if (inARow > MAX_SILENT_TIMEOUTS) {
      this.options.onUnresponsive();
      return;
    }
    const waiting = [...this.window.inFlight];
    this.window.clear();
    if (this.lines.active && waiting.some((c) => c.lineNumber !== null)) {
      this.lines.resendLast();
      for (const pending of waiting) if (pending.lineNumber === null) this.hostQueue.push(pending);
    } else if (waiting.length > 0) {
      this.lines.forgetReplayInProgress();
      for (const pending of waiting) pending.done?.(true);
      this.writeAhead("M105");
    }
    this.pump();
    this.silence.arm();
  }
}
