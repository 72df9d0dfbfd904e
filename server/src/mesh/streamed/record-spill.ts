/**
 * Fixed-width records of 32-bit words spilled to disk in partitions: the out-of-core analysis
 * writes each record to the partition that will process it, then reads the partitions back one
 * at a time. Each partition has a small write buffer and its own file (opened on the first
 * flush); records come back in the order they were added. The write buffers are carved from a
 * `WorkArena` that the spill takes whole: one spill writes at a time. Synchronous I/O: this runs in an
 * analysis worker thread, where blocking the thread is the point and promises would only add
 * overhead per buffer.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import type { Closable, TempArea } from "./temp-area.ts";
import type { WorkArena } from "./work-arena.ts";

export class RecordSpill implements Closable {
  private buffers: Uint32Array[];
  private readonly filled: Int32Array;
  private readonly fds: number[];
  private readonly paths: string[];
  private readonly written: number[];
  private readonly capacity: number;

  /** Each partition's write buffer is an equal share of `buffers` (whole records, at least 16). */
  constructor(
    private readonly area: TempArea,
    label: string,
    readonly partitions: number,
    readonly wordsPerRecord: number,
    buffers: WorkArena,
  ) {
    buffers.reset();
    this.capacity = Math.max(16, Math.floor(buffers.bytes / partitions / 4 / wordsPerRecord)) * wordsPerRecord;
    this.buffers = Array.from({ length: partitions }, () => buffers.uint32(this.capacity));
    this.filled = new Int32Array(partitions);
    this.fds = new Array<number>(partitions).fill(-1);
    this.paths = Array.from({ length: partitions }, () => area.path(label));
    this.written = new Array<number>(partitions).fill(0);
    area.track(this);
  }

  add2(p: number, a: number, b: number): void {
    let at = this.filled[p] as number;
    if (at === this.capacity) at = this.flush(p);
    const buffer = this.buffers[p] as Uint32Array;
    buffer[at] = a;
    buffer[at + 1] = b;
    this.filled[p] = at + 2;
  }

  add3(p: number, a: number, b: number, c: number): void {
    let at = this.filled[p] as number;
    if (at === this.capacity) at = this.flush(p);
    const buffer = this.buffers[p] as Uint32Array;
    buffer[at] = a;
    buffer[at + 1] = b;
    buffer[at + 2] = c;
    this.filled[p] = at + 3;
  }

  add4(p: number, a: number, b: number, c: number, d: number): void {
    let at = this.filled[p] as number;
    if (at === this.capacity) at = this.flush(p);
    const buffer = this.buffers[p] as Uint32Array;
    buffer[at] = a;
    buffer[at + 1] = b;
    buffer[at + 2] = c;
    buffer[at + 3] = d;
    this.filled[p] = at + 4;
  }

  /** Ends writing: flushes every partition and drops the write buffers. */
  finishWriting(): void {
    for (let p = 0; p < this.partitions; p++) this.flush(p);
    this.buffers = [];
  }

  /** Records in partition `p` (after `finishWriting`). */
  records(p: number): number {
    return (this.written[p] as number) / this.wordsPerRecord;
  }

  /** Reads partition `p` in order, `chunk` holding whole records at a time (its length a multiple of the record width). */
  read(p: number, chunk: Uint32Array, visit: (words: Uint32Array, records: number) => void): void {
    const fd = this.fds[p] as number;
    const total = (this.written[p] as number) * 4;
    const chunkBytes = Math.floor(chunk.length / this.wordsPerRecord) * this.wordsPerRecord * 4;
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunkBytes);
    for (let position = 0; position < total; ) {
      const want = Math.min(chunkBytes, total - position);
      readFully(fd, bytes.subarray(0, want), position);
      position += want;
      visit(chunk, want / 4 / this.wordsPerRecord);
    }
  }

  /** Closes and deletes partition `p`'s file (its records are no longer needed). */
  discard(p: number): void {
    const fd = this.fds[p] as number;
    if (fd !== -1) {
      closeSync(fd);
      this.fds[p] = -1;
      rmSync(this.paths[p] as string, { force: true });
    }
  }

  close(): void {
    for (let p = 0; p < this.partitions; p++) this.discard(p);
    this.buffers = [];
    this.area.untrack(this);
  }

  /** Writes out partition `p`'s buffer; returns its new fill (0). */
  private flush(p: number): number {
    const words = this.filled[p] as number;
    if (words === 0) return 0;
    let fd = this.fds[p] as number;
    if (fd === -1) {
      fd = openSync(this.paths[p] as string, "w+");
      this.fds[p] = fd;
    }
    const buffer = this.buffers[p] as Uint32Array;
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, words * 4);
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, (this.written[p] as number) * 4 + done);
    this.written[p] = (this.written[p] as number) + words;
    this.filled[p] = 0;
    return 0;
  }
}

function readFully(fd: number, target: Uint8Array, position: number): void {
  for (let filled = 0; filled < target.length; ) {
    const n = readSync(fd, target, filled, target.length - filled, position + filled);
    if (n === 0) throw new Error("a spill file of the mesh analysis got shorter while it was read");
    filled += n;
  }
}
