/**
 * Union-find over 0…n-1 in typed arrays, with a parity bit per element relative to its set's
 * root. Shells use it plainly (parity always 0); orientation patches use the parity to record
 * whether a triangle is wound like its patch's root triangle or the other way round.
 */
export class ParityDisjointSets {
  readonly parent: Int32Array;
  /** Parity of each element relative to its parent (after `find`, relative to the root). */
  readonly parity: Uint8Array;
  private readonly rank: Uint8Array;
  /** Parity of the last element passed to `find`, relative to its root. */
  lastParity = 0;
  /** Unions whose parity contradicted the sets' existing parity (non-orientable loops). */
  conflicts = 0;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.parity = new Uint8Array(n);
    this.rank = new Uint8Array(n);
  }

  find(x: number): number {
    const parent = this.parent;
    const parity = this.parity;
    let root = x;
    let p = 0;
    while (parent[root] !== root) {
      p ^= parity[root] as number;
      root = parent[root] as number;
    }
    this.lastParity = p;
    // Path compression: point every element on the path at the root, fixing its parity.
    let node = x;
    let nodeParity = p;
    while (node !== root) {
      const next = parent[node] as number;
      const nextParity = nodeParity ^ (parity[node] as number);
      parent[node] = root;
      parity[node] = nodeParity;
      node = next;
      nodeParity = nextParity;
    }
    return root;
  }

  /** Joins the sets of a and b, saying whether b is flipped (1) relative to a or not (0). */
  union(a: number, b: number, flipped: number): void {
    const ra = this.find(a);
    const pa = this.lastParity;
    const rb = this.find(b);
    const pb = this.lastParity;
    if (ra === rb) {
      if ((pa ^ pb) !== flipped) this.conflicts++;
      return;
    }
    const rel = pa ^ pb ^ flipped;
    const rankA = this.rank[ra] as number;
    const rankB = this.rank[rb] as number;
    if (rankA < rankB) {
      this.parent[ra] = rb;
      this.parity[ra] = rel;
    } else {
      this.parent[rb] = ra;
      this.parity[rb] = rel;
      if (rankA === rankB) this.rank[ra] = rankA + 1;
    }
  }
}
