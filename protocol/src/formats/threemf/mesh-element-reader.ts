/**
 * Reading one `<vertex …/>` or `<triangle …/>` element written in any layout the 3MF fast path
 * accepts (mesh-block-scanner.ts tries the common layout first and comes here for the rest):
 * unprefixed and self-closing; attributes with simple ASCII names, separated by whitespace (line
 * breaks counted), each once, in any order, quoted with `"` or `'`; the three values as plain
 * numbers (decimal-number.ts); other attributes (materials' `pid`, slicers' paint data) skipped
 * when their values are printable ASCII without `<` or `&`. Everything else is {@link UNUSUAL},
 * for the general XML reader.
 */
import { decimalEnd, readDecimal, readIndex } from "./decimal-number.ts";

export type MeshBlock = "vertices" | "triangles";

/** `read` found the bytes ending inside the element. */
export const MORE = -1;
/** `read` found something it does not read. */
export const UNUSUAL = -2;

const GT = 0x3e, SLASH = 0x2f, EQUALS = 0x3d, QUOTE = 0x22, APOSTROPHE = 0x27, AMPERSAND = 0x26, LT = 0x3c;
const SPACE = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d;
const ascii = (text: string): readonly number[] => [...new TextEncoder().encode(text)];
const VERTEX = ascii("vertex");
const TRIANGLE = ascii("triangle");
/** Unknown attributes per element whose names are kept for the duplicate check. */
const MAX_OTHER_ATTRIBUTES = 8;

export class MeshElementReader {
  /** x y z, or v1 v2 v3, of the last element read. */
  readonly values = new Float64Array(3);
  /** Line breaks inside the last element read. */
  lines = 0;
  /** Index just after its last line break, or -1 when it has none. */
  lineStart = -1;
  private readonly otherNames: number[] = [];
  private readonly name: readonly number[];

  constructor(private readonly block: MeshBlock) {
    this.name = block === "vertices" ? VERTEX : TRIANGLE;
  }

  /**
   * Reads the element starting at `start` (a `<`): its three values into `values`. Returns its
   * end, or {@link MORE} when the bytes end inside it, or {@link UNUSUAL}.
   */
  read(bytes: Uint8Array, start: number): number {
    this.lines = 0;
    this.lineStart = -1;
    const end = bytes.length;
    const name = this.name;
    let i = start + 1;
    for (let k = 0; k < name.length; k++, i++) {
      if (i === end) return MORE;
      if (bytes[i] !== name[k]) return UNUSUAL;
    }
    const vertices = this.block === "vertices";
    let seen = 0;
    this.otherNames.length = 0;
    let afterCr = false;
    for (;;) {
      // Whitespace: required before each attribute, allowed before "/>".
      const spaceFrom = i;
      for (; i < end; i++) {
        const c = bytes[i];
        if (c === LF) {
          if (!afterCr) this.lines++;
          this.lineStart = i + 1;
          afterCr = false;
        } else if (c === CR) {
          this.lines++;
          this.lineStart = i + 1;
          afterCr = true;
        } else if (c === SPACE || c === TAB) {
          afterCr = false;
        } else {
          break;
        }
      }
      if (i === end) return MORE;
      afterCr = false;
      if (bytes[i] === SLASH) {
        if (i + 1 === end) return MORE;
        if (bytes[i + 1] !== GT || seen !== 7) return UNUSUAL;
        return i + 2;
      }
      if (i === spaceFrom) return UNUSUAL;
      // Attribute name.
      const nameFrom = i;
      if (!isNameStartByte(bytes[i] as number)) return UNUSUAL;
      for (i++; i < end && isNameByte(bytes[i] as number); i++);
      if (i === end) return MORE;
      const nameLength = i - nameFrom;
      for (; i < end && (bytes[i] === SPACE || bytes[i] === TAB); i++);
      if (i === end) return MORE;
      if (bytes[i] !== EQUALS) return UNUSUAL;
      for (i++; i < end && (bytes[i] === SPACE || bytes[i] === TAB); i++);
      if (i === end) return MORE;
      const quote = bytes[i];
      if (quote !== QUOTE && quote !== APOSTROPHE) return UNUSUAL;
      i++;
      const slot = vertices ? coordinateSlot(bytes, nameFrom, nameLength) : indexSlot(bytes, nameFrom, nameLength);
      if (slot >= 0) {
        if (seen & (1 << slot)) return UNUSUAL;
        seen |= 1 << slot;
        const value = vertices ? readDecimal(bytes, i) : readIndex(bytes, i);
        const valueEnd = Number.isNaN(value) ? valueEndOrMore(bytes, i, quote) : decimalEnd.at;
        if (valueEnd === end) return MORE;
        if (Number.isNaN(value) || bytes[valueEnd] !== quote) return UNUSUAL;
        this.values[slot] = value;
        i = valueEnd + 1;
      } else {
        if (!this.newOtherName(bytes, nameFrom, nameLength)) return UNUSUAL;
        for (; i < end && bytes[i] !== quote; i++) {
          const c = bytes[i] as number;
          if (c === LF || c === CR) {
            if (c === CR || !afterCr) this.lines++;
            this.lineStart = i + 1;
            afterCr = c === CR;
            continue;
          }
          afterCr = false;
          if (c === TAB) continue;
          if (c < SPACE || c > 0x7e || c === LT || c === AMPERSAND) return UNUSUAL;
        }
        if (i === end) return MORE;
        afterCr = false;
        i++;
      }
    }
  }

  /** Remembers an unknown attribute's name; false when the element already had it (or too many). */
  private newOtherName(bytes: Uint8Array, from: number, length: number): boolean {
    const names = this.otherNames;
    if (names.length === MAX_OTHER_ATTRIBUTES * 2) return false;
    for (let n = 0; n < names.length; n += 2) {
      if (names[n + 1] !== length) continue;
      const other = names[n] as number;
      let same = true;
      for (let k = 0; k < length && same; k++) same = bytes[from + k] === bytes[other + k];
      if (same) return false;
    }
    names.push(from, length);
    return true;
  }
}

/** First bytes of the simple attribute names the scanner reads (XML NameStartChar, ASCII only): letters, `_ :`. */
function isNameStartByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
}

/** Further bytes of those names: also digits, `.` and `-`. */
function isNameByte(c: number): boolean {
  return isNameStartByte(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

/** 0, 1, 2 for `x`, `y`, `z`; -1 for any other name. */
function coordinateSlot(bytes: Uint8Array, from: number, length: number): number {
  if (length !== 1) return -1;
  const c = bytes[from] as number;
  return c >= 0x78 && c <= 0x7a ? c - 0x78 : -1;
}

/** 0, 1, 2 for `v1`, `v2`, `v3`; -1 for any other name. */
function indexSlot(bytes: Uint8Array, from: number, length: number): number {
  if (length !== 2 || bytes[from] !== 0x76) return -1;
  const c = bytes[from + 1] as number;
  return c >= 0x31 && c <= 0x33 ? c - 0x31 : -1;
}

/** Where a value the scanner does not read ends: at its closing quote, or at the end of the bytes. */
function valueEndOrMore(bytes: Uint8Array, from: number, quote: number): number {
  const at = bytes.indexOf(quote, from);
  return at === -1 ? bytes.length : at;
}
