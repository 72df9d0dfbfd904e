/**
 * Reads one G-code command (comment already removed) the way the safety rules need it: its name
 * (`G1`, `M862.3`, `T0`, or the first word of anything else, e.g. a Klipper macro), its numeric
 * parameters, and whether it reads cleanly under a strict grammar. Marlin is lenient (it takes
 * `X 10` as X10, `X0x1F4` as X500 through strtof, a repeated letter's first or last value
 * depending on the build), so a command that does not read cleanly can mean something else to
 * the firmware than to this reader: the command rule refuses those in other makers' jobs.
 *
 * Strict grammar after the name: words `<letter>[<spaces>][+|-]<digits>[.<digits>]` or a bare
 * letter, separated by optional spaces; each letter at most once; printable ASCII only.
 */
import { normaliseCommandName } from "./safety-policy.ts";

export interface GcodeCommand {
  /** The command as sent to the printer. */
  text: string;
  /** `G1`, `M104`, `M862.3`, `T0`; or the first word of anything else, upper-cased. */
  name: string;
  /** Numeric parameters by upper-case letter. */
  params: ReadonlyMap<string, number>;
  /** Letters given without a number, e.g. the axes of `G28 X Y`. */
  flags: ReadonlySet<string>;
  /** What the strict grammar could not read (e.g. `"X1.2.3"`), or null when the whole command reads cleanly. */
  unreadable: string | null;
}

/** Commands whose arguments are free text (a message, an object or printer name, Prusa's `M115 U3.13.0`). */
const FREE_TEXT = new Set(["M115", "M117", "M118", "M486", "M862.1", "M862.2", "M862.3", "M862.4", "M862.5", "M862.6"]);

const NOT_PRINTABLE = /[^\x20-\x7e]|\*/;
const NO_FLAGS: ReadonlySet<string> = new Set();

const isSpace = (c: number): boolean => c === 32 || c === 9;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Length of a `G1`, `M862.3`, `T0` name at the start of `text`; 0 if there is none. */
function nameLength(text: string): number {
  const letter = text.charCodeAt(0) & ~32;
  if ((letter !== 71 && letter !== 77 && letter !== 84) || !isDigit(text.charCodeAt(1))) return 0;
  let j = 2;
  while (isDigit(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 46) {
    if (!isDigit(text.charCodeAt(j + 1))) return 0;
    j += 2;
    while (isDigit(text.charCodeAt(j))) j++;
  }
  return text.charCodeAt(j) === 46 ? 0 : j;
}

export function readGcodeCommand(text: string): GcodeCommand {
  const params = new Map<string, number>();
  let flags: Set<string> | null = null;
  const strange = NOT_PRINTABLE.test(text) ? NOT_PRINTABLE.exec(text) : null;
  let unreadable: string | null = strange ? describeCharacter(strange[0]) : null;

  const length = nameLength(text);
  if (length === 0) {
    const word = text.split(/\s/, 1)[0] ?? text;
    return { text, name: word.toUpperCase(), params, flags: NO_FLAGS, unreadable: unreadable ?? (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word) ? null : word) };
  }
  const raw = text.slice(0, length);
  const name = /^[GMT][1-9]|^[GMT]0(?![0-9])/.test(raw) ? raw : normaliseCommandName(raw);
  if (FREE_TEXT.has(name)) return { text, name, params, flags: NO_FLAGS, unreadable };

  // Words: <letter>[spaces][+|-]<digits>[.<digits>] or a bare letter, optional spaces between.
  const end = text.length;
  let i = length;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (!isLetter(c)) {
      unreadable ??= wordAt(text, i);
      break;
    }
    const letter = String.fromCharCode(c & ~32);
    let j = i + 1;
    while (j < end && isSpace(text.charCodeAt(j))) j++;
    const numberStart = j;
    c = text.charCodeAt(j);
    if (c === 43 || c === 45) j++;
    const digitsStart = j;
    while (j < end && isDigit(text.charCodeAt(j))) j++;
    let digits = j - digitsStart;
    if (j < end && text.charCodeAt(j) === 46) {
      const fractionStart = ++j;
      while (j < end && isDigit(text.charCodeAt(j))) j++;
      digits += j - fractionStart;
    }
    if (params.has(letter) || flags?.has(letter)) unreadable ??= `${letter} given twice: ${wordAt(text, i)}`;
    if (digits > 0) {
      if (!params.has(letter)) params.set(letter, Number(text.slice(numberStart, j)));
      i = j;
    } else {
      (flags ??= new Set()).add(letter);
      i = numberStart;
    }
  }
  return { text, name, params, flags: flags ?? NO_FLAGS, unreadable };
}

/** The space-separated word of `text` around index `i`, quoted. */
function wordAt(text: string, i: number): string {
  let start = i;
  while (start > 0 && !isSpace(text.charCodeAt(start - 1))) start--;
  let end = i;
  while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
  return JSON.stringify(text.slice(start, end));
}

function describeCharacter(character: string): string {
  if (character === "*") return "a '*' (checksum marker)";
  const code = character.codePointAt(0) ?? 0;
  return `character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** True when the letter is given, with or without a number. */
export function mentions(command: GcodeCommand, letter: string): boolean {
  return command.params.has(letter) || command.flags.has(letter);
}
