/**
 * Commands in flight to the firmware. Marlin answers every command with exactly one `ok`, in
 * order, and reads commands out of a small receive buffer (128 bytes on most boards). In
 * "window" mode several commands are in flight while their bytes fit that buffer; in
 * "one-line" mode the next command waits for the previous `ok` (the safest, slowest setting).
 */

export type WindowMode = "window" | "one-line";

export interface InFlightCommand {
  command: string;
  lineNumber: number | null;
  /** Bytes on the wire including the newline. */
  bytes: number;
}

export interface SendWindowOptions {
  /** Firmware receive buffer in bytes. Default 128. */
  capacityBytes?: number;
  mode?: WindowMode;
}

export class SendWindow {
  readonly capacityBytes: number;
  readonly mode: WindowMode;
  private readonly queue: InFlightCommand[] = [];
  private usedBytes = 0;

  constructor(options: SendWindowOptions = {}) {
    this.capacityBytes = options.capacityBytes ?? 128;
    this.mode = options.mode ?? "window";
  }

  /** Whether a command of `bytes` may be sent now. An empty window always accepts one command. */
  canSend(bytes: number): boolean {
    if (this.queue.length === 0) return true;
    if (this.mode === "one-line") return false;
    return this.usedBytes + bytes <= this.capacityBytes;
  }

  add(entry: InFlightCommand): void {
    this.queue.push(entry);
    this.usedBytes += entry.bytes;
  }

  /** An `ok` arrived: the oldest command in flight is done. Undefined if none was in flight. */
  acknowledge(): InFlightCommand | undefined {
    const done = this.queue.shift();
    if (done) this.usedBytes -= done.bytes;
    return done;
  }

  get inFlight(): readonly InFlightCommand[] {
    return this.queue;
  }

  get bytesInFlight(): number {
    return this.usedBytes;
  }

  clear(): void {
    this.queue.length = 0;
    this.usedBytes = 0;
  }
}
