/**
 * Reads the words of one G-code line (`G1 X10.5 E.8 F1200`) straight from the text by char
 * code, without slicing strings or running a regex: the analyzer's hot loop calls this for
 * every command of files that reach hundreds of MB.
 */

/** Parameter values by letter (A = 0 … Z = 25) and a bit mask of the letters present. */
export class GcodeWords {
  /** Command letter (upper case char code: G = 71, M = 77, T = 84), 0 if none. */
  letter = 0;
  /** Command number (`1` in `G1`, `104` in `M104`); NaN if missing. */
  code = Number.NaN;
  /** Bit `1 << (letter - 65)` is set when the parameter is present with a number. */
  present = 0;
  readonly values = new Float64Array(26);

  has(letter: string): boolean {
    return (this.present & (1 << (letter.charCodeAt(0) - 65))) !== 0;
  }

  get(letter: string): number {
    return this.values[letter.charCodeAt(0) - 65] ?? Number.NaN;
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** End index of the last `readNumber` call. */
let numberEnd = 0;

/** A decimal number (`-12.5`, `.8`, `+3`) at `i`; NaN if there are no digits. Sets `numberEnd`. */
function readNumber(s: string, i: number, end: number): number {
  let negative = false;
  let c = s.charCodeAt(i);
  if (c === 45 /* - */) {
    negative = true;
    i++;
  } else if (c === 43 /* + */) i++;
  let whole = 0;
  let digits = 0;
  while (i < end) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    digits++;
    i++;
  }
  let value = whole;
  if (i < end && s.charCodeAt(i) === 46 /* . */) {
    i++;
    let fraction = 0;
    let places = 0;
    while (i < end) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (places < 15) {
        fraction = fraction * 10 + (c - 48);
        places++;
      }
      digits++;
      i++;
    }
    value = whole + fraction / (POW10[places] ?? 1);
  }
  numberEnd = i;
  if (digits === 0) return Number.NaN;
  return negative ? -value : value;
}

/**
 * Parses the command of `s[start, end)` into `words`; `start` must be at the first non-blank
 * character. A leading `N<line>` is skipped; parsing stops at `;` or `*` (checksum).
 * Returns false when the line holds no G/M/T command.
 */
export function readWords(s: string, start: number, end: number, words: GcodeWords): boolean {
  words.letter = 0;
  words.code = Number.NaN;
  words.present = 0;
  let i = start;
  while (i < end) {
    let c = s.charCodeAt(i);
    if (c === 59 /* ; */ || c === 42 /* * */) break;
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) {
      i++;
      continue;
    }
    const value = readNumber(s, i + 1, end);
    i = numberEnd > i + 1 ? numberEnd : i + 1;
    if (words.letter === 0) {
      if (c === 78 /* N */) continue;
      words.letter = c;
      words.code = value;
      // M117/M118 carry free text, not parameters.
      if (c === 77 && (value === 117 || value === 118)) break;
      continue;
    }
    if (value === value) {
      words.values[c - 65] = value;
      words.present |= 1 << (c - 65);
    }
  }
  return words.letter !== 0;
}

/** `readNumber` over UTF-8 bytes. Sets `numberEnd`. */
function readNumberFromBytes(b: Uint8Array, i: number, end: number): number {
  let negative = false;
  let c = b[i] as number;
  if (c === 45 /* - */) {
    negative = true;
    i++;
  } else if (c === 43 /* + */) i++;
  let whole = 0;
  let digits = 0;
  while (i < end) {
    c = b[i] as number;
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    digits++;
    i++;
  }
  let value = whole;
  if (i < end && b[i] === 46 /* . */) {
    i++;
    let fraction = 0;
    let places = 0;
    while (i < end) {
      c = b[i] as number;
      if (c < 48 || c > 57) break;
      if (places < 15) {
        fraction = fraction * 10 + (c - 48);
        places++;
      }
      digits++;
      i++;
    }
    value = whole + fraction / (POW10[places] ?? 1);
  }
  numberEnd = i;
  if (digits === 0) return Number.NaN;
  return negative ? -value : value;
}

/** `readWords` over UTF-8 bytes `b[start, end)`, for files read as bytes (no string decoding). */
export function readWordsFromBytes(b: Uint8Array, start: number, end: number, words: GcodeWords): boolean {
  words.letter = 0;
  words.code = Number.NaN;
  words.present = 0;
  let i = start;
  while (i < end) {
    let c = b[i] as number;
    if (c === 59 /* ; */ || c === 42 /* * */) break;
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) {
      i++;
      continue;
    }
    const value = readNumberFromBytes(b, i + 1, end);
    i = numberEnd > i + 1 ? numberEnd : i + 1;
    if (words.letter === 0) {
      if (c === 78 /* N */) continue;
      words.letter = c;
      words.code = value;
      if (c === 77 && (value === 117 || value === 118)) break;
      continue;
    }
    if (value === value) {
      words.values[c - 65] = value;
      words.present |= 1 << (c - 65);
    }
  }
  return words.letter !== 0;
}
