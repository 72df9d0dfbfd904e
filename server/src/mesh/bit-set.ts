/**
 * One bit per element (triangle flags, the first corner of each welded vertex, patch roots), with
 * `rank` — how many set bits lie below an index — once `buildRanks` has run, so a set bit's rank
 * is a dense id (vertex ids in first-use order, patch ids in root order) at 1/16 of a byte array's
 * memory plus 1/32 for the ranks.
 */
/** Where word arrays come from (zero-filled). */
export interface WordMemory {
  uint32(length: number): Uint32Array;
}

const FRESH_WORDS: WordMemory = { uint32: (length) => new Uint32Array(length) };

export class BitSet {
  readonly words: Uint32Array;
  private ranks: Uint32Array | null = null;

  /** `memory`: where its arrays come from (zero-filled); fresh arrays by default. */
  constructor(
    readonly size: number,
    private readonly memory: WordMemory = FRESH_WORDS,
  ) {
    this.words = memory.uint32(Math.ceil(size / 32));
  }

  /** Bytes of a set of `size` bits with ranks. */
  static bytesWithRanks(size: number): number {
    return Math.ceil(size / 32) * 8;
  }

  has(i: number): boolean {
    return (((this.words[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
  }

  set(i: number): void {
    this.words[i >>> 5] = (this.words[i >>> 5] as number) | (1 << (i & 31));
  }

  /** Prepares `rank`; returns the number of set bits. Set no more bits afterwards. */
  buildRanks(): number {
    const ranks = this.memory.uint32(this.words.length);
    let total = 0;
    for (let w = 0; w < this.words.length; w++) {
      ranks[w] = total;
      total += popcount(this.words[w] as number);
    }
    this.ranks = ranks;
    return total;
  }

  /** Set bits below `i` (after `buildRanks`). */
  rank(i: number): number {
    const ranks = this.ranks as Uint32Array;
    const below = (this.words[i >>> 5] as number) & ((1 << (i & 31)) - 1);
    return (ranks[i >>> 5] as number) + popcount(below);
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
