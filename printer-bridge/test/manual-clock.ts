/**
 * A Clock the test moves by hand: timers run in time order, each seeing its own time as now.
 * `lateMs` makes every timer fire that much after its time, like a busy event loop.
 */
import type { Clock } from "../src/virtual/clock.ts";

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  private time = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(private readonly lateMs = 0) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms) + this.lateMs, callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Runs every timer due up to `now + ms`, in time order, then sets the time there. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers) if (t.at <= until && (!next || t.at < next.at)) next = t;
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = until;
  }
}
