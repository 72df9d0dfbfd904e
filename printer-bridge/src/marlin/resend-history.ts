/**
 * Lines sent with numbers, kept so a `Resend: N` can replay N and everything after it — once,
 * in order. After a resend request every line already sent after N draws its own stale
 * `Resend: N`; those duplicates are ignored. The same line requested again and again is a
 * resend loop (a broken cable, a wrong baud rate) and is reported instead of replayed forever.
 */

export type ResendDecision =
  | { kind: "replay"; from: number; lines: { lineNumber: number; wire: string }[] }
  | { kind: "duplicate"; lineNumber: number }
  /** N is after the last line sent: everything up to N-1 was accepted. */
  | { kind: "already-accepted"; lineNumber: number }
  | { kind: "unknown-line"; lineNumber: number }
  | { kind: "loop"; lineNumber: number; attempts: number };

export interface ResendHistoryOptions {
  /** How many sent lines to keep. Default 10,000. */
  capacity?: number;
  /** Fresh requests for one line before it is a resend loop. Default 25. */
  maxAttemptsPerLine?: number;
}

export class ResendHistory {
  private readonly lines = new Map<number, string>();
  private readonly capacity: number;
  private readonly maxAttempts: number;
  private last = -1;
  private replayFrom: number | null = null;
  private staleExpected = 0;
  private attempts = 0;

  constructor(options: ResendHistoryOptions = {}) {
    this.capacity = options.capacity ?? 10_000;
    this.maxAttempts = options.maxAttemptsPerLine ?? 25;
  }

  /** Highest line number sent so far (-1 before any). */
  get lastSent(): number {
    return this.last;
  }

  record(lineNumber: number, wire: string): void {
    this.lines.set(lineNumber, wire);
    if (lineNumber > this.last) this.last = lineNumber;
    this.lines.delete(lineNumber - this.capacity);
  }

  /** Decides what to do about `Resend: lineNumber`. */
  request(lineNumber: number): ResendDecision {
    if (lineNumber > this.last) return { kind: "already-accepted", lineNumber };
    if (this.replayFrom === lineNumber && this.staleExpected > 0) {
      this.staleExpected--;
      return { kind: "duplicate", lineNumber };
    }
    this.attempts = this.replayFrom === lineNumber ? this.attempts + 1 : 1;
    this.replayFrom = lineNumber;
    if (this.attempts > this.maxAttempts) return { kind: "loop", lineNumber, attempts: this.attempts };
    const lines: { lineNumber: number; wire: string }[] = [];
    for (let n = lineNumber; n <= this.last; n++) {
      const wire = this.lines.get(n);
      if (wire === undefined) return { kind: "unknown-line", lineNumber: n };
      lines.push({ lineNumber: n, wire });
    }
    this.staleExpected = this.last - lineNumber;
    return { kind: "replay", from: lineNumber, lines };
  }

  /** Treats the next request as fresh even if it repeats the last one (the firmware flushed its buffer). */
  expectNoDuplicates(): void {
    this.staleExpected = 0;
  }

  /** Forgets which replay is in progress (after a timeout the stale answers are not coming). */
  resetReplay(): void {
    this.replayFrom = null;
    this.staleExpected = 0;
  }

  /** Forgets everything (new numbering after `M110 N0`). */
  clear(): void {
    this.lines.clear();
    this.last = -1;
    this.resetReplay();
    this.attempts = 0;
  }
}
