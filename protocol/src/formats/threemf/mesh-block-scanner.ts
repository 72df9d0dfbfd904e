/**
 * The fast path through a 3MF mesh's two big blocks: a byte scanner for the run of
 * `<vertex x="…" y="…" z="…"/>` elements inside `<vertices>` and of `<triangle v1="…" v2="…"
 * v3="…"/>` inside `<triangles>`, which hold nearly all of a model part's bytes. It writes
 * straight into the object's arrays, exactly as the general path (model-part.ts) would.
 *
 * It accepts only what is certainly well-formed and means the same to the general path: the
 * common layout (`<vertex x="…" y="…" z="…"/>`, read here), else any layout mesh-element-reader.ts
 * reads; coordinates that are finite, indices that name an existing vertex. At anything else — a
 * comment, an entity, a bad number, an index out of range, the block's end — it stops and says
 * where, and the general XML reader takes over from that element on, so unusual input gets the
 * general path's result and error message.
 *
 * It counts the lines and columns it reads (CR, LF and CRLF as XML counts them), so the general
 * reader, handed the equivalent whitespace, reports positions in the part as before.
 */
import { decimalEnd, readDecimal, readIndex } from "./decimal-number.ts";
import { type MeshBlock, MeshElementReader, MORE, UNUSUAL } from "./mesh-element-reader.ts";
import { addTriangle, addVertex, type ModelObject } from "./model-object.ts";

/** Why a scan stopped, at `scanner.at`. */
export type ScanStop =
  /** The bytes ran out (inside an element or between elements): scan again with more. */
  | "more"
  /** A `</…` close tag: the block's end, for the general reader to check. */
  | "block-end"
  /** Something this scanner does not read: the general reader takes it from here. */
  | "unusual";

/** Longest element the scanner waits for across chunks; longer ones go to the general reader. */
export const MAX_ELEMENT_BYTES = 4096;

const LT = 0x3c, SLASH = 0x2f, SPACE = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d;
const ascii = (text: string): readonly number[] => [...new TextEncoder().encode(text)];
const PLAIN_VERTEX_X = ascii('<vertex x="');
const PLAIN_Y = ascii('" y="');
const PLAIN_Z = ascii('" z="');
const PLAIN_TRIANGLE_V1 = ascii('<triangle v1="');
const PLAIN_V2 = ascii('" v2="');
const PLAIN_V3 = ascii('" v3="');
const PLAIN_END = ascii('"/>');

export class MeshBlockScanner {
  /** Where the last scan stopped. */
  at = 0;
  /** Line breaks read since the block's start tag. */
  private lines = 0;
  /** Characters read since the last line break (or since the start tag). */
  private column = 0;
  private afterCr = false;
  private readonly anyLayout: MeshElementReader;

  constructor(
    readonly block: MeshBlock,
    private readonly object: ModelObject,
  ) {
    this.anyLayout = new MeshElementReader(block);
  }

  /**
   * Whitespace equivalent to what was read: the general reader, handed it, stands at the same
   * line and column as after the original bytes.
   */
  padding(): string {
    return "\n".repeat(this.lines) + " ".repeat(this.column);
  }

  /** Reads elements of `bytes` from `from` on, until one of the {@link ScanStop}s. */
  scan(bytes: Uint8Array, from: number): ScanStop {
    const end = bytes.length;
    let i = from;
    for (;;) {
      // Whitespace between elements.
      for (; i < end; i++) {
        const c = bytes[i];
        if (c === SPACE || c === TAB) {
          this.column++;
          this.afterCr = false;
        } else if (c === LF) {
          if (!this.afterCr) this.lines++;
          this.column = 0;
          this.afterCr = false;
        } else if (c === CR) {
          this.lines++;
          this.column = 0;
          this.afterCr = true;
        } else {
          break;
        }
      }
      this.at = i;
      if (i === end) return "more";
      if (bytes[i] !== LT) return "unusual";
      if (i + 1 === end) return "more";
      if (bytes[i + 1] === SLASH) return "block-end";
      // Most elements are written alike: try that first, then any layout.
      const plainEnd = this.block === "vertices" ? this.readPlainVertex(bytes, i) : this.readPlainTriangle(bytes, i);
      if (plainEnd !== -1) {
        this.column += plainEnd - i;
        this.afterCr = false;
        i = plainEnd;
        continue;
      }
      const read = this.anyLayout;
      const readEnd = read.read(bytes, i);
      if (readEnd === MORE) return end - i > MAX_ELEMENT_BYTES ? "unusual" : "more";
      if (readEnd === UNUSUAL || !this.store()) return "unusual";
      if (read.lines === 0) {
        this.column += readEnd - i;
      } else {
        this.lines += read.lines;
        this.column = readEnd - read.lineStart;
      }
      this.afterCr = false;
      i = readEnd;
    }
  }

  /**
   * `<vertex x="…" y="…" z="…"/>` exactly so (one space, double quotes, this order), stored:
   * returns its end, or -1 for anything else (including an element cut off by the chunk's end).
   */
  private readPlainVertex(bytes: Uint8Array, start: number): number {
    let i = matchBytes(bytes, start, PLAIN_VERTEX_X);
    if (i === -1) return -1;
    const x = readDecimal(bytes, i);
    i = matchBytes(bytes, decimalEnd.at, PLAIN_Y);
    if (i === -1) return -1;
    const y = readDecimal(bytes, i);
    i = matchBytes(bytes, decimalEnd.at, PLAIN_Z);
    if (i === -1) return -1;
    const z = readDecimal(bytes, i);
    i = matchBytes(bytes, decimalEnd.at, PLAIN_END);
    // NaN (not a plain decimal) and ±Infinity fail this test: the general path judges them.
    if (i === -1 || !(x - x === 0 && y - y === 0 && z - z === 0)) return -1;
    addVertex(this.object, x, y, z);
    return i;
  }

  /** `<triangle v1="…" v2="…" v3="…"/>` exactly so, with indices of existing vertices, stored: its end, or -1. */
  private readPlainTriangle(bytes: Uint8Array, start: number): number {
    let i = matchBytes(bytes, start, PLAIN_TRIANGLE_V1);
    if (i === -1) return -1;
    const a = readIndex(bytes, i);
    i = matchBytes(bytes, decimalEnd.at, PLAIN_V2);
    if (i === -1) return -1;
    const b = readIndex(bytes, i);
    i = matchBytes(bytes, decimalEnd.at, PLAIN_V3);
    if (i === -1) return -1;
    const c = readIndex(bytes, i);
    i = matchBytes(bytes, decimalEnd.at, PLAIN_END);
    const object = this.object;
    const count = object.vertexCount;
    // NaN (not plain digits) fails `< count` as well.
    if (i === -1 || !(a < count && b < count && c < count)) return -1;
    addTriangle(object, a, b, c);
    return i;
  }

  /** Puts the element's three values into the object; false when the general path must judge them. */
  private store(): boolean {
    const object = this.object;
    const values = this.anyLayout.values;
    const a = values[0] as number, b = values[1] as number, c = values[2] as number;
    if (this.block === "vertices") {
      if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return false;
      addVertex(object, a, b, c);
    } else {
      const count = object.vertexCount;
      if (a >= count || b >= count || c >= count) return false;
      addTriangle(object, a, b, c);
    }
    return true;
  }
}

/** The index after `expected` when the bytes at `at` are exactly `expected`, else -1. */
function matchBytes(bytes: Uint8Array, at: number, expected: readonly number[]): number {
  if (at + expected.length > bytes.length) return -1;
  for (let k = 0; k < expected.length; k++) if (bytes[at + k] !== expected[k]) return -1;
  return at + expected.length;
}
