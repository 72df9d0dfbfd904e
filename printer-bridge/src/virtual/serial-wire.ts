/**
 * The timing of the virtual printer's UART, one class per direction. At 8N1 a byte is 10 bits on
 * the wire, so a line carries baud/10 bytes per second. Each byte's arrival time is computed from
 * the clock when it is queued, not counted in timer ticks: a timer that fires late delivers
 * more bytes at once and the wire keeps its exact average rate whatever the event loop does.
 */
import type { Clock } from "./clock.ts";

/** Bytes per second of an 8N1 serial line at `baud`. */
export function wireBytesPerSecond(baud: number): number {
  return baud / 10;
}

const NEWLINE = 10;
const RETURN = 13;

/**
 * Host → printer: bytes arrive one by one at baud/10 bytes/s, in order, each delivered once its
 * last bit is in. A timer wakes the receiver when the next line is complete;
 * `deliverDue()` lets it take the bytes already in before it acts on anything else, so its
 * receive buffer sees them in the same order as on a real wire.
 */
export class ByteWire {
  private readonly msPerByte: number;
  private readonly bytes: number[] = [];
  private readonly arrivals: number[] = [];
  private head = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private closed = false;

  constructor(
    baud: number,
    private readonly clock: Clock,
    /** A byte is in; `at`: when its last bit arrived (a late or early timer does not move it). */
    private readonly receive: (byte: number, at: number) => void,
  ) {
    if (!(baud > 0)) throw new Error(`A serial wire needs a baud rate above 0 (got ${baud}).`);
    this.msPerByte = 1000 / wireBytesPerSecond(baud);
  }

  /** Bytes still on the wire. */
  get inTransit(): number {
    return this.bytes.length - this.head;
  }

  send(bytes: Iterable<number>): void {
    if (this.closed) return;
    let at = Math.max(this.clock.now(), this.lastArrival);
    for (const byte of bytes) {
      at += this.msPerByte;
      this.bytes.push(byte);
      this.arrivals.push(at);
    }
    this.lastArrival = at;
    this.schedule();
  }

  /** Delivers every byte whose arrival time has passed (by `until`, default now). */
  deliverDue(until = this.clock.now()): void {
    while (!this.closed && this.head < this.bytes.length && (this.arrivals[this.head] ?? 0) <= until) {
      const byte = this.bytes[this.head] ?? 0;
      const at = this.arrivals[this.head] ?? until;
      this.head++;
      this.receive(byte, at);
    }
    if (this.head > 4096 && this.head * 2 > this.bytes.length) {
      this.bytes.splice(0, this.head);
      this.arrivals.splice(0, this.head);
      this.head = 0;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Wakes at the arrival of the next line end, or of the last byte queued. */
  private schedule(): void {
    if (this.timer !== null || this.closed || this.inTransit === 0) return;
    let index = this.head;
    while (index < this.bytes.length - 1 && this.bytes[index] !== NEWLINE && this.bytes[index] !== RETURN) index++;
    const wakeAt = this.arrivals[index] ?? this.clock.now();
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        // Timers fire on a millisecond clock: one may come a fraction early; it is meant for wakeAt.
        this.deliverDue(Math.max(this.clock.now(), wakeAt));
        this.schedule();
      },
      Math.max(0, wakeAt - this.clock.now()),
    );
  }
}

export interface LineWireOptions {
  /** 0 = no pacing (an infinitely fast wire). */
  baud: number;
  /** Delay before each line starts on the wire (firmware main loop, USB-serial chip). */
  latencyMs: () => number;
}

/**
 * Printer → host: whole lines, in the order printed, each after its latency and after the
 * lines before it have left the wire. With no baud and no latency a line goes out at once.
 */
export class LineWire {
  private readonly msPerByte: number;
  private readonly queue: { line: string; at: number }[] = [];
  private busyUntil = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private closed = false;

  constructor(
    private readonly options: LineWireOptions,
    private readonly clock: Clock,
    private readonly deliver: (line: string) => void,
  ) {
    this.msPerByte = options.baud > 0 ? 1000 / wireBytesPerSecond(options.baud) : 0;
  }

  /** `printedAt`: when the firmware printed the line (default now). */
  send(line: string, printedAt = this.clock.now()): void {
    if (this.closed) return;
    const latency = this.options.latencyMs();
    if (this.msPerByte === 0 && latency <= 0 && this.queue.length === 0) {
      this.deliver(line);
      return;
    }
    const start = Math.max(printedAt + latency, this.busyUntil);
    const at = start + (line.length + 1) * this.msPerByte;
    this.busyUntil = at;
    this.queue.push({ line, at });
    this.schedule();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const next = this.queue[0];
    if (this.timer !== null || this.closed || !next) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        const now = Math.max(this.clock.now(), next.at);
        while (!this.closed && (this.queue[0]?.at ?? Number.POSITIVE_INFINITY) <= now) {
          const due = this.queue.shift();
          if (due) this.deliver(due.line);
        }
        this.schedule();
      },
      Math.max(0, next.at - this.clock.now()),
    );
  }
}
