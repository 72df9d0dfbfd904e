/**
 * Union-find over 0…n-1 in one typed array, with a parity bit per element relative to its set's
 * root. Shells use it plainly (parity always 0); orientation patches use the parity to record
 * whether a triangle is wound like its patch's root triangle or the other way round.
 *
 * The root of a set is always its smallest element (a union links the larger root under the
 * smaller), so "relative to the root" means "relative to the set's first triangle" whatever
 * order the unions came in — the in-memory and the streamed analyses (streamed/) agree on it.
 * Each element takes 4 bytes: parent index << 1 | parity. Path compression keeps finds short.
 */
export class ParityDisjointSets {
  /** parent << 1 | parity relative to the parent (after `find`, relative to the root). */
  private readonly links: Uint32Array;
  /** Parity of the last element passed to `find`, relative to its root. */
  lastParity = 0;
  /** Unions whose parity contradicted the sets' existing parity (non-orientable loops). */
  conflicts = 0;

  /** `links`: storage for `size` elements (a fresh array by default). */
  constructor(
    readonly size: number,
    links?: Uint32Array,
  ) {
    if (size > 0x7fffffff) throw new RangeError(`ParityDisjointSets holds at most 2^31 - 1 elements, not ${size}`);
    this.links = links ?? new Uint32Array(size);
    this.reset();
  }

  /** Back to one set per element (reusing the memory). */
  reset(): void {
    for (let i = 0; i < this.size; i++) this.links[i] = i << 1;
    this.conflicts = 0;
  }

  /** Bytes one element takes. */
  static readonly BYTES_PER_ELEMENT = 4;

  isRoot(x: number): boolean {
    return (this.links[x] as number) >>> 1 === x;
  }

  find(x: number): number {
    const links = this.links;
    let root = x;
    let p = 0;
    for (;;) {
      const link = links[root] as number;
      const parent = link >>> 1;
      if (parent === root) break;
      p ^= link & 1;
      root = parent;
    }
    this.lastParity = p;
    // Path compression: point every element on the path at the root, fixing its parity.
    let node = x;
    let nodeParity = p;
    while (node !== root) {
      const link = links[node] as number;
      links[node] = (root << 1) | nodeParity;
      nodeParity ^= link & 1;
      node = link >>> 1;
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
    if (ra < rb) this.links[rb] = (ra << 1) | rel;
    else this.links[ra] = (rb << 1) | rel;
  }

  /**
   * Joins the sets of a, b and c with parity 0 (shells: the three corners of a triangle) — for sets
   * only ever joined this way. One find each instead of the four of two `union` calls; every
   * element on the three paths, the old roots included, then points at the smallest root.
   */
  unionThree(a: number, b: number, c: number): void {
    const links = this.links;
    const root = Math.min(plainRoot(links, a), plainRoot(links, b), plainRoot(links, c));
    pointAt(links, a, root);
    pointAt(links, b, root);
    pointAt(links, c, root);
  }

  /** Number of sets. */
  countSets(): number {
    let sets = 0;
    for (let x = 0; x < this.size; x++) if (this.isRoot(x)) sets++;
    return sets;
  }
}

/** Parity-0 sets: the root of `x`. */
function plainRoot(links: Uint32Array, x: number): number {
  let root = x;
  while ((links[root] as number) >>> 1 !== root) root = (links[root] as number) >>> 1;
  return root;
}

/** Parity-0 sets: every element from `x` up to its root, the root included, now points at `root`. */
function pointAt(links: Uint32Array, x: number, root: number): void {
  let node = x;
  for (;;) {
    const parent = (links[node] as number) >>> 1;
    links[node] = root << 1;
    if (parent === node) return;
    node = parent;
  }
}
