/**
 * The communication timeout as a timer: armed while commands are in flight, pushed back by every
 * write and every answer that concerns them, fired when the firmware stays silent longer than
 * command-timeout.ts allows for what is in flight. One timer is kept and moved lazily (a deadline
 * checked when it fires), not cleared and set again for every line.
 */
import { type CommunicationTimeouts, silenceAllowed } from "./command-timeout.ts";

export class SilenceWatch {
  /** The firmware has sent `busy:`: it keeps talking while it works, so silence means trouble sooner. */
  busyProtocol = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = 0;
  private deadline: number | null = null;
  private inARow = 0;
  private stopped = false;

  constructor(
    private readonly timeouts: CommunicationTimeouts,
    private readonly inFlight: () => readonly { command: string }[],
    /** The firmware was silent too long; `inARow` counts the timeouts since it last answered. */
    private readonly onSilence: (inARow: number) => void,
  ) {}

  /** The firmware answered about the commands in flight. */
  heard(): void {
    this.inARow = 0;
    this.arm();
  }

  /** Starts the allowed silence again from now (nothing to wait for when nothing is in flight). */
  arm(): void {
    const commands = this.inFlight();
    if (this.stopped || commands.length === 0) {
      this.deadline = null;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      return;
    }
    const now = performance.now();
    this.deadline = now + silenceAllowed(commands, this.timeouts, this.busyProtocol);
    if (this.timer && this.timerAt <= this.deadline) return;
    this.schedule(this.deadline - now);
  }

  stop(): void {
    this.stopped = true;
    this.deadline = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = performance.now() + ms;
    this.timer = setTimeout(() => this.fire(), Math.max(0, ms));
  }

  private fire(): void {
    this.timer = null;
    if (this.deadline === null) return;
    const left = this.deadline - performance.now();
    if (left > 1) {
      this.schedule(left);
      return;
    }
    this.deadline = null;
    this.inARow++;
    this.onSilence(this.inARow);
  }
}
