/**
 * The job being printed: its commands, how far the feed is, whether it is paused, where its
 * G-code left the head, and how it ends. Commands are read one at a time, only when the next
 * line is about to go out and never ahead: a wrapped command list (the safety guard) may refuse
 * a line by reading it as `undefined`, and then the feed stops there.
 */
import { PositionTracker } from "../marlin/position-tracker.ts";
import type { JobLineSource } from "./command-stream.ts";

export interface JobOutcome {
  outcome: "completed" | "failed" | "cancelled";
  linesDone: number;
  message: string | null;
}

export class JobFeed implements JobLineSource {
  /** Index of the next command to send (its line number is one more). */
  private next = 0;
  paused = false;
  readonly tracker = new PositionTracker();
  private lastProgress = -1;
  private peeked: string | null = null;

  constructor(
    readonly jobId: string,
    readonly commands: readonly string[],
    private readonly finish: (outcome: JobOutcome) => void,
  ) {}

  get total(): number {
    return this.commands.length;
  }

  /** Every command has been handed to the stream. */
  get allSent(): boolean {
    return this.next >= this.commands.length;
  }

  peek(): { lineNumber: number; command: string } | null {
    if (this.paused || this.next >= this.commands.length) return null;
    const command = this.commands[this.next];
    if (command === undefined) return null;
    this.peeked = command;
    return { lineNumber: this.next + 1, command };
  }

  take(): void {
    if (this.peeked !== null) this.tracker.observe(this.peeked);
    this.peeked = null;
    this.next++;
  }

  /** Job lines done given the highest line the firmware has confirmed. */
  linesDone(confirmedLine: number): number {
    return Math.min(this.commands.length, Math.max(0, confirmedLine));
  }

  /** Whether `linesDone` differs from the last progress reported (and remembers it). */
  progressed(linesDone: number): boolean {
    if (linesDone === this.lastProgress) return false;
    this.lastProgress = linesDone;
    return true;
  }

  end(outcome: JobOutcome): void {
    this.finish(outcome);
  }
}
