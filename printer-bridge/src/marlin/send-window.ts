/**
 * Commands in flight to the firmware. Marlin answers every command with exactly one `ok`, in
 * order, and reads commands out of a small receive buffer (128 bytes on most boards). In
 * "window" mode several commands are in flight while their bytes fit that buffer; in
 * "one-line" mode the next command waits for the previous `ok` (the safest, slowest setting).
 *
 * Marlin moves complete lines out of the receive buffer into its command queue (BUFSIZE slots)
 * and answers `ok` only once a command has executed. With ADVANCED_OK (`ok N<line> P<planner
 * free> B<queue free>`) the firmware states a line it has already taken out of its receive
 * buffer. The receive buffer is a FIFO, so everything sent up to (the last copy of) line N has
 * left it: only the bytes sent after that count against it, and the lines waiting in the command
 * queue stay in flight on top. Counting bytes sent, rather than trusting which entry each `ok`
 * retires, keeps the estimate right when rejected lines are answered out of turn.
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
  private slots = 0;
  private sentTotal = 0;
  /** Bytes sent in total right after each numbered line (its last copy). */
  private readonly sentThrough = new Map<number, number>();
  private readOffset: number | null = null;

  constructor(options: SendWindowOptions = {}) {
    this.capacityBytes = options.capacityBytes ?? 128;
    this.mode = options.mode ?? "window";
  }

  /** Whether a command of `bytes` may be sent now. An empty window always accepts one command. */
  canSend(bytes: number): boolean {
    if (this.queue.length === 0) return true;
    if (this.mode === "one-line") return false;
    return this.receiveBufferBytes() + bytes <= this.capacityBytes;
  }

  /** Largest free command-queue count an ADVANCED_OK `B` field reported (the firmware's BUFSIZE, or one less). */
  get queueSlots(): number {
    return this.slots;
  }

  /**
   * An ADVANCED_OK `ok N<lineNumber> … B<queueFree>` arrived: the firmware has read line
   * `lineNumber` (and every line before it) out of its receive buffer.
   */
  firmwareRead(lineNumber: number | null, queueFree: number | null): void {
    if (queueFree !== null && queueFree > this.slots) this.slots = Math.min(queueFree, 64);
    if (lineNumber === null) return;
    const offset = this.sentThrough.get(lineNumber);
    if (offset !== undefined && (this.readOffset === null || offset > this.readOffset)) this.readOffset = offset;
    if (this.sentThrough.size > 1024) for (const n of this.sentThrough.keys()) if (n < lineNumber - 256) this.sentThrough.delete(n);
  }

  /** Bytes in flight that may still be in the firmware's receive buffer. */
  receiveBufferBytes(): number {
    if (this.readOffset === null) return this.usedBytes;
    return Math.min(this.usedBytes, this.sentTotal - this.readOffset);
  }

  /** The most bytes ever unacknowledged at once (diagnostics, tests, the benchmark). */
  peakBytesInFlight = 0;

  add(entry: InFlightCommand): void {
    this.queue.push(entry);
    this.usedBytes += entry.bytes;
    this.sentTotal += entry.bytes;
    if (entry.lineNumber !== null) this.sentThrough.set(entry.lineNumber, this.sentTotal);
    if (this.usedBytes > this.peakBytesInFlight) this.peakBytesInFlight = this.usedBytes;
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

  /**
   * Forgets the commands sent after the first one matching `isRejected` (a firmware that flushes
   * its receive buffer on a line error never answers them). Returns them, oldest first.
   */
  discardAfter(isRejected: (entry: InFlightCommand) => boolean): InFlightCommand[] {
    const at = this.queue.findIndex(isRejected);
    if (at < 0) return [];
    const dropped = this.queue.splice(at + 1);
    for (const entry of dropped) this.usedBytes -= entry.bytes;
    return dropped;
  }

  /** New line numbering (M110): earlier ADVANCED_OK line numbers no longer apply. */
  restartNumbering(): void {
    this.sentThrough.clear();
    this.readOffset = null;
  }

  clear(): void {
    this.queue.length = 0;
    this.usedBytes = 0;
  }
}
