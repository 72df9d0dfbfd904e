/**
 * A region of memory, allocated once per mesh task, that work carves its arrays from and gives
 * back whole (`reset`): each partition's arrays before the next partition, the measurement's
 * union-find and bit sets before the next measurement. Partitions
 * are processed one at a time, so the working set never exceeds the block — and no garbage piles
 * up between garbage collections, which is what lets the hub's resident size follow the budget
 * rather than the sum of every partition's arrays. A request that does not fit (an unusually
 * full partition) gets an array of its own: correct, just over budget for that moment.
 */
export class WorkArena {
  private offset: number;
  private readonly end: number;

  /** `bytes` bytes of `buffer` from `start` (a fresh buffer when none is given). */
  constructor(
    readonly bytes: number,
    private readonly buffer = new ArrayBuffer(bytes),
    private readonly start = 0,
  ) {
    this.offset = start;
    this.end = start + bytes;
  }

  /** Bytes still free. */
  get free(): number {
    return this.end - this.offset;
  }

  /** Gives every array handed out back (they must no longer be used). */
  reset(): void {
    this.offset = this.start;
  }

  /** Zero-filled. */
  uint32(length: number): Uint32Array {
    const at = this.take(length * 4, 4);
    return at === -1 ? new Uint32Array(length) : new Uint32Array(this.buffer, at, length).fill(0);
  }

  /** Zero-filled. */
  float64(length: number): Float64Array {
    const at = this.take(length * 8, 8);
    return at === -1 ? new Float64Array(length) : new Float64Array(this.buffer, at, length).fill(0);
  }

  /** Zero-filled. */
  uint8(length: number): Uint8Array {
    const at = this.take(length, 8);
    return at === -1 ? new Uint8Array(length) : new Uint8Array(this.buffer, at, length).fill(0);
  }

  private take(bytes: number, align: number): number {
    const at = Math.ceil(this.offset / align) * align;
    if (at + bytes > this.end) return -1;
    this.offset = at + bytes;
    return at;
  }
}
