/**
 * A job's numbered lines as the stream sees them: the numbering (`M110 N0` first), the
 * ResendHistory, the lines waiting to go out again after `Resend:` or a communication timeout,
 * and the highest line the firmware has surely accepted.
 */
import { LINE_NUMBER_RESET, numberedLine } from "../marlin/line-codec.ts";
import { ResendHistory } from "../marlin/resend-history.ts";
import type { InFlightCommand } from "../marlin/send-window.ts";

export interface ReplayLine {
  lineNumber: number;
  wire: string;
}

export class NumberedLines {
  private readonly history = new ResendHistory();
  private replay: ReplayLine[] = [];
  /** A job runs: line numbers and `Resend:` requests mean something. */
  active = false;
  private confirmedLine = -1;

  /** Highest job line the firmware has surely accepted (0 before any; M110 is line 0). */
  get confirmed(): number {
    return Math.max(0, this.confirmedLine);
  }

  get lastSent(): number {
    return this.history.lastSent;
  }

  /** Lines waiting to be sent again. */
  get replaying(): number {
    return this.replay.length;
  }

  /** New numbering: `M110 N0` is the first line to go out. */
  start(): void {
    this.history.clear();
    this.confirmedLine = -1;
    this.active = true;
    const reset = numberedLine(0, LINE_NUMBER_RESET);
    this.history.record(0, reset);
    this.replay = [{ lineNumber: 0, wire: reset }];
  }

  stop(): void {
    this.active = false;
    this.replay = [];
  }

  /** The next line to send again, if any (not taken). */
  nextReplay(): ReplayLine | undefined {
    return this.replay[0];
  }

  takeReplay(): void {
    this.replay.shift();
  }

  dropReplay(): void {
    this.replay = [];
  }

  record(lineNumber: number, wire: string): void {
    this.history.record(lineNumber, wire);
  }

  /**
   * After an ok. Marlin answers a rejected line as soon as it reads it and accepted ones after
   * they execute, so the lines accepted are estimated from what is still outstanding, raised by
   * a line the firmware states it executed (ADVANCED_OK `ok N<executed>`).
   */
  acknowledged(inFlight: readonly InFlightCommand[], executed: number | null): void {
    if (!this.active) return;
    let outstanding = this.replay.length;
    let lowest = Number.POSITIVE_INFINITY;
    for (const c of inFlight) {
      if (c.lineNumber === null) continue;
      outstanding++;
      lowest = Math.min(lowest, c.lineNumber);
    }
    for (const r of this.replay) lowest = Math.min(lowest, r.lineNumber);
    const estimate = Math.min(this.history.lastSent - outstanding, lowest - 1);
    this.confirmedLine = Math.max(this.confirmedLine, estimate, executed ?? -1);
  }

  /** Whether `lineNumber`, stated by an ok, can be a line of this numbering (not a stale one). */
  sent(lineNumber: number): boolean {
    return this.active && lineNumber <= this.history.lastSent;
  }

  /**
   * `Resend: lineNumber`: replays from there (once; stale duplicates are ignored unless `fresh`).
   * Returns what is wrong when the job cannot go on (the line is gone, or every copy is corrupted).
   */
  resend(lineNumber: number, fresh: boolean): string | null {
    if (!this.active) return null;
    this.confirmedLine = Math.max(this.confirmedLine, lineNumber - 1);
    if (fresh) this.history.expectNoDuplicates();
    const decision = this.history.request(lineNumber);
    switch (decision.kind) {
      case "replay":
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
   * A communication timeout with job lines in flight: the last line goes out again (the firmware
   * accepts it if it was waiting for it, or answers `Resend:` with the line it really expects).
   */
  resendLast(): void {
    this.history.resetReplay();
    const decision = this.history.request(this.history.lastSent);
    this.history.resetReplay();
    if (decision.kind === "replay") this.replay = decision.lines.slice(-1);
  }

  /** Forgets which replay is in progress (after a timeout the stale answers are not coming). */
  forgetReplayInProgress(): void {
    this.history.resetReplay();
  }
}
