/**
 * A model part's bytes, routed as they inflate: the general XML reader (xml-reader.ts) reads the
 * part, and right after it has read the start tag of an object's `<vertices>` or `<triangles>`
 * block, the byte scanner (mesh-block-scanner.ts) reads the block's elements — nearly all of the
 * part — until the block's end or anything unusual, where the general reader takes over again.
 *
 * The hand-over is exact: a block is entered only when the general reader itself just emitted its
 * start tag, ending at the last byte it was given (not a look-alike in a comment or CDATA), and
 * left at an element boundary, with whitespace standing in for what the scanner read so the
 * general reader's line and column numbers stay true. So the part is checked for well-formedness
 * as a whole, and yields the same objects, as when the general reader reads every byte.
 *
 * Elements cut by a chunk boundary are carried over (up to the scanner's MAX_ELEMENT_BYTES, or
 * {@link MAX_START_TAG_BYTES} for a block's start tag) and read again with the next chunk —
 * inside a block joined with just the next chunk's first bytes, so chunks are not copied.
 */
import { MeshBlockScanner } from "./mesh-block-scanner.ts";
import type { MeshBlock } from "./mesh-element-reader.ts";
import type { ModelObject } from "./model-object.ts";
import type { XmlPartReader } from "./xml-reader.ts";
import type { PartSink } from "./zip-parts.ts";

/** Longest `<vertices …>` / `<triangles …>` start tag waited for across chunks. */
export const MAX_START_TAG_BYTES = 1024;
/** How far into a new chunk the end of an element cut by the chunk boundary is looked for. */
const MAX_HEAD_BYTES = 4096;

const LT = 0x3c, GT = 0x3e, SLASH = 0x2f, SPACE = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d;
const BLOCKS: readonly { block: MeshBlock; tag: readonly number[] }[] = (["vertices", "triangles"] as const).map((block) => ({
  block,
  tag: [LT, ...new TextEncoder().encode(block)],
}));
/** Bytes of `<triangles`, the longer tag: a `<` this close to the end may start one. */
const LONGEST_TAG = 1 + "triangles".length;

export class ModelPartStream implements PartSink {
  private carry: Uint8Array | null = null;
  private scanner: MeshBlockScanner | null = null;

  /** `blockObject`: the object a block that opens now belongs to, or null to leave it to the general reader. */
  constructor(
    private readonly xml: XmlPartReader,
    private readonly blockObject: () => ModelObject | null,
    private readonly onEnd: () => void,
  ) {}

  write(chunk: Uint8Array): void {
    const carry = this.carry;
    this.carry = null;
    if (carry === null) {
      this.route(chunk, 0);
    } else if (this.scanner === null || !this.finishCarriedElement(this.scanner, carry, chunk)) {
      this.route(concat(carry, chunk), 0);
    }
  }

  /**
   * Inside a block, an element cut by the chunk boundary is finished from the carried bytes and
   * the new chunk's bytes up to its first `>` only, so the chunk itself is not copied. False
   * when that does not finish it (nothing read: the caller joins carry and chunk).
   */
  private finishCarriedElement(scanner: MeshBlockScanner, carry: Uint8Array, chunk: Uint8Array): boolean {
    const close = chunk.indexOf(GT);
    if (close === -1 || close >= MAX_HEAD_BYTES) return false;
    const head = concat(carry, chunk.subarray(0, close + 1));
    const stop = scanner.scan(head, 0);
    // The carry starts with an element's `<`: stopping inside it means nothing was read.
    if (scanner.at < carry.length) return false;
    if (stop !== "more") this.leaveBlock();
    this.route(chunk, scanner.at - carry.length);
    return true;
  }

  end(): void {
    const carry = this.carry;
    this.carry = null;
    this.leaveBlock();
    if (carry !== null) this.xml.writeBytes(carry);
    this.xml.end();
    this.onEnd();
  }

  private route(bytes: Uint8Array, from: number): void {
    let at = from;
    while (at < bytes.length) {
      const scanner = this.scanner;
      if (scanner === null) {
        at = this.readGeneral(bytes, at);
        continue;
      }
      const stop = scanner.scan(bytes, at);
      if (stop === "more") {
        this.keep(bytes, scanner.at);
        return;
      }
      this.leaveBlock();
      at = scanner.at;
    }
  }

  /** The general reader, through the next block's start tag; returns where it stopped. */
  private readGeneral(bytes: Uint8Array, from: number): number {
    let at = bytes.indexOf(LT, from);
    for (; at !== -1; at = bytes.indexOf(LT, at + 1)) {
      const block = blockAt(bytes, at);
      if (block === "no") continue;
      if (block === "more") {
        this.xml.writeBytes(bytes.subarray(from, at));
        this.keep(bytes, at);
        return bytes.length;
      }
      const close = bytes.indexOf(GT, at);
      if (close === -1) {
        if (bytes.length - at > MAX_START_TAG_BYTES) break;
        this.xml.writeBytes(bytes.subarray(from, at));
        this.keep(bytes, at);
        return bytes.length;
      }
      this.xml.writeBytes(bytes.subarray(from, close + 1));
      const object = this.xml.justOpened(block) ? this.blockObject() : null;
      if (object !== null) this.scanner = new MeshBlockScanner(block, object);
      return close + 1;
    }
    // No block start: keep a `<` close to the end, which may begin one.
    const tail = at !== -1 && bytes.length - at < LONGEST_TAG ? at : bytes.length;
    this.xml.writeBytes(bytes.subarray(from, tail));
    this.keep(bytes, tail);
    return bytes.length;
  }

  private leaveBlock(): void {
    if (this.scanner === null) return;
    this.xml.writeText(this.scanner.padding());
    this.scanner = null;
  }

  private keep(bytes: Uint8Array, from: number): void {
    this.carry = from < bytes.length ? bytes.slice(from) : null;
  }
}

/** Which block's start tag begins at `at` (a `<`): a name, "no", or "more" when the bytes end first. */
function blockAt(bytes: Uint8Array, at: number): MeshBlock | "no" | "more" {
  for (const { block, tag } of BLOCKS) {
    let k = 1;
    while (k < tag.length && at + k < bytes.length && bytes[at + k] === tag[k]) k++;
    if (at + k === bytes.length) return "more";
    if (k < tag.length) continue;
    const next = bytes[at + k];
    if (next === GT || next === SLASH || next === SPACE || next === TAB || next === LF || next === CR) return block;
  }
  return "no";
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
