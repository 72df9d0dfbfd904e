/**
 * Everything the bridge writes to the firmware passes here, in this order: lines the firmware
 * asked to have again (`Resend:`), host commands, then the job's next lines — each only while the
 * SendWindow has room, and all that fit in one write. Keeps the ResendHistory and works out what
 * each `ok`, `Resend:` and communication timeout means for the lines in flight, including the
 * highest job line the firmware has surely accepted.
 */
import { type FirmwareFlavour, flavourTraits } from "../marlin/firmware-flavour.ts";
import { LINE_NUMBER_RESET, numberedLine } from "../marlin/line-codec.ts";
import { ResendHistory } from "../marlin/resend-history.ts";
import { type InFlightCommand, SendWindow, type WindowMode } from "../marlin/send-window.ts";
import type { SerialLine } from "../serial/serial-port.ts";
import type { Logger } from "../log.ts";

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
  logger: Logger;
  /** Something was written (the communication timeout starts again). */
  onWrite: () => void;
}

interface ReplayLine {
  lineNumber: number;
  wire: string;
}

export class CommandStream {
  readonly window: SendWindow<Pending>;
  private readonly history = new ResendHistory();
  private readonly hostQueue: Pending[] = [];
  private replay: ReplayLine[] = [];
  /** Host commands held until every job line sent is acknowledged (a pause script). */
  private held: string[] = [];
  private source: JobLineSource | null = null;
  /** A job runs: line numbers and `Resend:` requests mean something. */
  private numbering = false;
  private confirmedLine = -1;
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
  }

  /** Highest job line the firmware has surely accepted (0 before any; M110 is line 0). */
  get confirmed(): number {
    return Math.max(0, this.confirmedLine);
  }

  get inFlight(): readonly Pending[] {
    return this.window.inFlight;
  }

  /** No job line is in flight or waiting to be sent again. */
  get jobLinesSettled(): boolean {
    return !this.jobLinesInFlight() && this.replay.length === 0;
  }

  /** Host commands are held back (a pause script waiting for the job lines in flight). */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /**
   * The firmware is known. One that empties its receive buffer on a line error (Prusa) answers
   * none of the lines it emptied, and answers the ones still on the wire later, one by one: no
   * count of oks can tell what is in its buffer then, so it gets one line in flight at a time.
   */
  adaptTo(flavour: FirmwareFlavour): void {
    this.flushing = flavourTraits(flavour).flushesReceiveBufferOnResend;
    if (this.flushing && this.window.mode === "window") {
      this.options.logger.info({ flavour }, "firmware empties its receive buffer on line errors: streaming one line at a time");
      this.window.oneLineOnly();
    }
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
    this.history.clear();
    this.window.restartNumbering();
    this.confirmedLine = -1;
    this.held = [];
    this.numbering = true;
    this.source = source;
    const reset = numberedLine(0, LINE_NUMBER_RESET);
    this.history.record(0, reset);
    this.replay = [{ lineNumber: 0, wire: reset }];
  }

  /** The job is over: no more job lines, nothing to replay. */
  endJob(): void {
    this.source = null;
    this.replay = [];
    this.held = [];
    this.numbering = false;
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
    this.options.onWrite();
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
      const replayed = this.replay[0];
      if (replayed) {
        if (!this.window.canSend(replayed.wire.length + 1)) break;
        this.replay.shift();
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
      this.history.record(next.lineNumber, wire);
      send({ command: next.command, lineNumber: next.lineNumber, bytes: wire.length + 1 }, wire);
    }
    if (out.length === 0) return;
    this.line.write(`${out.join("\n")}\n`);
    this.options.onWrite();
  }

  /**
   * An `ok` arrived (`lineNumber`, `queueFree`: ADVANCED_OK's N and B). Settles the commands now
   * known to be read (calling their `done`) and raises the confirmed job line.
   */
  acknowledge(lineNumber: number | null, queueFree: number | null): void {
    if (queueFree !== null && !this.flushing) this.window.reportQueueFree(queueFree);
    // The ok after `Resend:` answers a rejected line; a stale N from an earlier job is ignored.
    const executed = this.numbering && !this.afterResend && lineNumber !== null && lineNumber <= this.history.lastSent ? lineNumber : null;
    this.afterResend = false;
    const settled = this.window.acknowledge(executed);
    if (this.numbering) {
      // Marlin answers a rejected line as soon as it reads it, accepted ones after they execute:
      // lines accepted are estimated from what is still outstanding, raised by what the firmware states.
      const outstanding = this.window.inFlight.filter((c) => c.lineNumber !== null).length + this.replay.length;
      const estimate = Math.min(this.history.lastSent - outstanding, this.lowestOutstanding() - 1);
      this.confirmedLine = Math.max(this.confirmedLine, estimate, executed ?? -1);
    }
    for (const entry of settled) entry.done?.(true);
  }

  /**
   * `Resend: lineNumber`: replays from there (once; stale duplicates are ignored). Returns what
   * is wrong when the stream cannot go on (the line is gone, or the link corrupts every copy).
   */
  resend(lineNumber: number): string | null {
    this.afterResend = true;
    if (!this.numbering) return null;
    this.confirmedLine = Math.max(this.confirmedLine, lineNumber - 1);
    if (this.flushing) this.forgetFlushedLines(lineNumber);
    const decision = this.history.request(lineNumber);
    switch (decision.kind) {
      case "replay":
        this.options.logger.debug({ from: decision.from, lines: decision.lines.length }, "resend requested");
        this.replay = decision.lines;
        return null;
      case "duplicate":
      case "already-accepted":
        return null;
      case "unknown-line":
        return `The printer asked to resend line ${decision.lineNumber}, which the bridge no longer has.`;
      case "loop":
        return `The printer asked for line ${decision.lineNumber} ${decision.attempts} times: the serial link is corrupting data. Check the USB cable and the baud rate.`;
    }
  }

  /**
   * The firmware went quiet with commands in flight: their oks are taken as lost. With job lines
   * in flight the last one goes out again (the firmware accepts it if it was waiting for it, or
   * answers `Resend:` with the line it really expects); otherwise the host commands count as
   * answered and an M105 asks whether anyone is there.
   */
  recoverFromSilence(): void {
    const waiting = [...this.window.inFlight];
    const numbered = waiting.some((c) => c.lineNumber !== null);
    this.window.clear();
    this.history.resetReplay();
    if (numbered && this.numbering) {
      const decision = this.history.request(this.history.lastSent);
      this.history.resetReplay();
      if (decision.kind === "replay") this.replay = decision.lines.slice(-1);
      for (const pending of waiting) if (pending.lineNumber === null) this.hostQueue.push(pending);
    } else {
      for (const pending of waiting) pending.done?.(true);
      this.writeAhead("M105");
    }
    this.pump();
  }

  /** Nothing sent so far will be answered (fatal error, firmware reset). `failQueued`: give up queued host commands too. */
  forgetInFlight(failQueued = false): void {
    this.window.clear();
    this.replay = [];
    this.held = [];
    if (failQueued) for (const pending of this.hostQueue.splice(0)) pending.done?.(false);
  }

  /** Drops the host commands not yet sent (emergency stop). */
  dropQueued(): void {
    this.hostQueue.length = 0;
  }

  close(): void {
    this.closed = true;
  }

  private jobLinesInFlight(): boolean {
    return this.window.inFlight.some((c) => c.lineNumber !== null);
  }

  private lowestOutstanding(): number {
    let lowest = Number.POSITIVE_INFINITY;
    for (const c of this.window.inFlight) if (c.lineNumber !== null && c.lineNumber < lowest) lowest = c.lineNumber;
    for (const r of this.replay) if (r.lineNumber < lowest) lowest = r.lineNumber;
    return lowest;
  }

  /**
   * Prusa-Firmware empties its receive buffer before `Resend: N` + `ok`: everything sent after the
   * rejected line is gone and will never be answered. Host commands go back in the queue; job lines
   * come back with the replay. Every request is fresh (no stale duplicates to expect).
   */
  private forgetFlushedLines(lineNumber: number): void {
    const dropped = this.window.discardAfter((c) => c.lineNumber !== null && c.lineNumber >= lineNumber);
    this.hostQueue.unshift(...dropped.filter((c) => c.lineNumber === null));
    this.history.expectNoDuplicates();
  }
}
