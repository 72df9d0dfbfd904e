/**
 * Commands in flight to the firmware, and how many bytes of them may still sit in its serial
 * receive buffer (RX, 128 bytes on most boards). In "window" mode several commands are in
 * flight while that estimate plus the next command fits RX; in "one-line" mode the next command
 * waits for the previous `ok` (the safest, slowest setting).
 *
 * What Marlin 2.x does (queue.cpp): while its command queue (BUFSIZE slots) has room, the main
 * loop reads RX and moves each complete line into the queue; a rejected line (checksum, line
 * number) is answered at once with `Resend: N` and a plain `ok`; an accepted command is answered
 * with one `ok` after it has executed, and its slot is freed right after. With ADVANCED_OK the
 * ok reads `ok N<line of that command> P<planner free> B<queue free>`, where B counts the slots
 * free while that command still holds its own (at most BUFSIZE - 1).
 *
 * The accounting, never trusting which command an `ok` belongs to:
 * - Each ok answers a distinct command the firmware has read, and it reads in order, so each ok
 *   retires the oldest command in flight: after c oks the first c commands sent have left RX
 *   (more when oks were lost). An execution `ok N<k>` also retires every command up to line k,
 *   which is how a lost ok stops costing anything. (A firmware that empties RX on a line error
 *   answers nothing it emptied; those commands are discarded as if never sent.)
 * - RX fills only while the queue is full. After the ok of the c-th command at most `queueSlots`
 *   further commands fit the queue whatever else happens, so only bytes sent after those can be
 *   in RX: the host keeps that sum within `capacityBytes`. `queueSlots` is the largest B an
 *   ADVANCED_OK reported (BUFSIZE - 1: one less than Marlin really holds) or what every build of
 *   the firmware has (1 for Marlin, see FlavourTraits); with 0 the window is the classic
 *   "unacknowledged bytes fit RX". Counting on BUFSIZE + 1 overflows (test/virtual-timing.test.ts).
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

/** A sanity cap on what a reported B may claim. */
const MAX_QUEUE_SLOTS = 32;

interface Sent<T extends InFlightCommand> {
  entry: T;
  /** The first time this line number was sent since the numbering restarted. */
  firstCopy: boolean;
}

export class SendWindow<T extends InFlightCommand = InFlightCommand> {
  readonly capacityBytes: number;
  private modeValue: WindowMode;
  /** Sent and not yet known to have been read, oldest first. */
  private readonly queue: Sent<T>[] = [];
  private commands: T[] = [];
  private usedBytes = 0;
  private slots = 0;
  private highestLine = -1;
  /** An `ok N0` confirmed the current numbering; until then a stated N may be from the old one. */
  private numberingConfirmed = false;

  /** The most bytes ever unacknowledged at once (diagnostics, tests, the benchmark). */
  peakBytesInFlight = 0;

  constructor(options: SendWindowOptions = {}) {
    this.capacityBytes = options.capacityBytes ?? 128;
    this.modeValue = options.mode ?? "window";
  }

  get mode(): WindowMode {
    return this.modeValue;
  }

  /** Whether a command of `bytes` may be sent now. An empty window always accepts one command. */
  canSend(bytes: number): boolean {
    if (this.queue.length === 0) return true;
    if (this.modeValue === "one-line") return false;
    return this.receiveBufferBytes() + bytes <= this.capacityBytes;
  }

  /** Commands the firmware's command queue is known to take after an ok, whatever runs then. */
  get queueSlots(): number {
    return this.slots;
  }

  /** The command queue takes at least `free` commands after an ok (ADVANCED_OK `B<free>`, or the firmware's kind). */
  reportQueueFree(free: number): void {
    if (free > this.slots) this.slots = Math.min(free, MAX_QUEUE_SLOTS);
  }

  /** One command in flight from now on (a firmware whose answers cannot be counted on, see CommandStream). */
  oneLineOnly(): void {
    this.modeValue = "one-line";
    this.slots = 0;
  }

  /** Bytes that may be in the firmware's receive buffer if its command queue stays full. */
  receiveBufferBytes(): number {
    let bytes = this.usedBytes;
    for (let i = 0; i < this.slots && i < this.queue.length; i++) bytes -= this.queue[i]?.entry.bytes ?? 0;
    return bytes;
  }

  add(entry: T): void {
    const firstCopy = entry.lineNumber !== null && entry.lineNumber > this.highestLine;
    if (entry.lineNumber !== null && firstCopy) this.highestLine = entry.lineNumber;
    this.queue.push({ entry, firstCopy });
    this.commands.push(entry);
    this.usedBytes += entry.bytes;
    if (this.usedBytes > this.peakBytesInFlight) this.peakBytesInFlight = this.usedBytes;
  }

  /**
   * An `ok` arrived. `executedLine`: the N of an ADVANCED_OK ok that answers an executed command
   * (null for a plain ok and for the ok that follows `Resend:`). Returns the commands now known
   * to have been read, oldest first: usually one, none or several when oks were lost.
   */
  acknowledge(executedLine: number | null = null): T[] {
    if (executedLine === 0) this.numberingConfirmed = true;
    let count = Math.min(1, this.queue.length);
    if (executedLine !== null && this.numberingConfirmed) count = Math.max(count, this.firstCopyAt(executedLine) + 1);
    const done = this.queue.splice(0, count).map((s) => s.entry);
    for (const entry of done) this.usedBytes -= entry.bytes;
    if (done.length > 0) this.commands = this.queue.map((s) => s.entry);
    return done;
  }

  /**
   * Where line `lineNumber` was first sent, if that copy is still in flight (then the copy the
   * firmware executed cannot be earlier, so everything up to it has been read); -1 otherwise.
   */
  private firstCopyAt(lineNumber: number): number {
    const at = this.queue.findIndex((s) => s.entry.lineNumber === lineNumber);
    return at >= 0 && this.queue[at]?.firstCopy ? at : -1;
  }

  get inFlight(): readonly T[] {
    return this.commands;
  }

  get bytesInFlight(): number {
    return this.usedBytes;
  }

  /**
   * Forgets the commands sent after the first one matching `isRejected` (a firmware that flushes
   * its receive buffer on a line error never answers them). Returns them, oldest first.
   */
  discardAfter(isRejected: (entry: T) => boolean): T[] {
    const at = this.queue.findIndex((s) => isRejected(s.entry));
    if (at < 0) return [];
    const dropped = this.queue.splice(at + 1).map((s) => s.entry);
    for (const entry of dropped) this.usedBytes -= entry.bytes;
    this.commands = this.queue.map((s) => s.entry);
    return dropped;
  }

  /** New line numbering (M110): line numbers stated from now on may repeat earlier ones. */
  restartNumbering(): void {
    this.highestLine = -1;
    this.numberingConfirmed = false;
  }

  /** Forgets everything in flight (a timeout, a reset): nothing sent so far is expected to be answered. */
  clear(): void {
    this.queue.length = 0;
    this.commands = [];
    this.usedBytes = 0;
  }
}
