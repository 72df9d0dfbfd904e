/**
 * Reading numbers straight from bytes, for the 3MF mesh fast path: vertex indices (plain digits)
 * and coordinates. A coordinate stored in a Float32Array is the same, bit for bit, as
 * `Math.fround(Number(text))` — what the general path stores — for every text this reader
 * accepts: the plain decimals exporters write, `[+-]? digits [. digits] [(e|E) [+-]? digits]`
 * with at least one mantissa digit (`-12.5`, `.5`, `5.`, `1e-3`). Anything else (spaces, hex,
 * `Infinity`, entities…) is refused with NaN and left to the general path, which decides and
 * phrases the error.
 *
 * How the value is made:
 * - Mantissa below 2^53 and a power of ten up to 10^22: one multiplication or division of two
 *   exact doubles, correctly rounded, so it IS `Number(text)` (Clinger's fast path).
 * - Mantissas below 10^19 (a float32 printed in full takes up to 17 digits): the same arithmetic
 *   is off by a few units in the last place of the double, which changes the float32 only when
 *   the value lies within that error of a point halfway between two float32s. Such values, and
 *   everything else (longer mantissas, larger exponents, float32 subnormals or overflow), take
 *   `Number(text)` itself.
 */

/** Where the last accepted number's text ended (the index after its last byte). */
export const decimalEnd = { at: 0 };

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
/**
 * Integers below this are exact doubles, and so is every step of building one digit by digit
 * (a mantissa that rounded on the way ends at or above it).
 */
const EXACT_INTEGERS = 2 ** 53;
const GROUP_SCALE = 1e8;
/**
 * Below this, a mantissa has at most 20 significant digits, so building it eight digits at a
 * time rounded at most 6 times (2^-53 each, relative; two per group past 2^53) before the one
 * rounding of the scaling: far inside the guard below.
 */
const MAX_APPROXIMATE_MANTISSA = 1e19;
/** Relative distance to a float32 halfway point below which the approximate value is not trusted. */
const HALFWAY_GUARD = 2 ** -44;
const FLOAT32_MIN_NORMAL = 2 ** -126;
const FLOAT32_MAX = 3.4028234663852886e38;
/** Longer texts are left to the general path (and never spread into a call). */
const MAX_TEXT = 64;

const scratchFloat = new Float32Array(1);
const scratchBits = new Int32Array(scratchFloat.buffer);

/**
 * The number whose text starts at `from` and ends at the first byte that cannot continue it
 * (found in `decimalEnd.at`), or NaN when the text there is not a plain decimal.
 */
export function readDecimal(bytes: Uint8Array, from: number): number {
  const end = bytes.length;
  let i = from;
  let c = i < end ? (bytes[i] as number) : -1;
  const negative = c === 0x2d;
  if (negative || c === 0x2b) c = ++i < end ? (bytes[i] as number) : -1;
  // Digits are gathered eight at a time in a small integer (cheap), then into the mantissa.
  let mantissa = 0;
  let group = 0;
  let groupScale = 1;
  let scale = 0;
  const digitsFrom = i;
  // Integer part, then fraction digits, which each lower the scale.
  while (c >= 0x30 && c <= 0x39) {
    group = group * 10 + (c - 0x30);
    groupScale *= 10;
    if (groupScale === GROUP_SCALE) {
      mantissa = mantissa * GROUP_SCALE + group;
      group = 0;
      groupScale = 1;
    }
    c = ++i < end ? (bytes[i] as number) : -1;
  }
  let digits = i - digitsFrom;
  if (c === 0x2e) {
    c = ++i < end ? (bytes[i] as number) : -1;
    const fractionFrom = i;
    while (c >= 0x30 && c <= 0x39) {
      group = group * 10 + (c - 0x30);
      groupScale *= 10;
      if (groupScale === GROUP_SCALE) {
        mantissa = mantissa * GROUP_SCALE + group;
        group = 0;
        groupScale = 1;
      }
      c = ++i < end ? (bytes[i] as number) : -1;
    }
    scale = fractionFrom - i;
    digits += i - fractionFrom;
  }
  mantissa = mantissa * groupScale + group;
  if (digits === 0) return NaN;
  if (c === 0x65 || c === 0x45) {
    c = ++i < end ? (bytes[i] as number) : -1;
    const negativeExponent = c === 0x2d;
    if (negativeExponent || c === 0x2b) c = ++i < end ? (bytes[i] as number) : -1;
    const exponentFrom = i;
    let exponent = 0;
    while (c >= 0x30 && c <= 0x39) {
      if (exponent < 100_000) exponent = exponent * 10 + (c - 0x30);
      c = ++i < end ? (bytes[i] as number) : -1;
    }
    if (i === exponentFrom) return NaN;
    scale += negativeExponent ? -exponent : exponent;
  }
  if (i - from > MAX_TEXT) return NaN;
  decimalEnd.at = i;
  if (mantissa === 0) return negative ? -0 : 0;
  const power = scale < 0 ? -scale : scale;
  if (power <= 22) {
    const magnitude = scale < 0 ? mantissa / (POWERS_OF_TEN[power] as number) : mantissa * (POWERS_OF_TEN[power] as number);
    if (mantissa < EXACT_INTEGERS || (mantissa < MAX_APPROXIMATE_MANTISSA && float32Settled(magnitude))) return negative ? -magnitude : magnitude;
  }
  return Number(String.fromCharCode(...bytes.subarray(from, i)));
}

/**
 * True when every double within a few units in the last place of `value` rounds to the same
 * float32: `value` is a float32 normal, not near the point halfway to its float32 neighbour.
 */
function float32Settled(value: number): boolean {
  if (!(value >= FLOAT32_MIN_NORMAL && value < FLOAT32_MAX)) return false;
  const nearest = Math.fround(value);
  if (nearest === value) return true;
  scratchFloat[0] = nearest;
  scratchBits[0] = (scratchBits[0] as number) + (value > nearest ? 1 : -1);
  const halfway = (nearest + (scratchFloat[0] as number)) / 2;
  return Math.abs(value - halfway) > value * HALFWAY_GUARD;
}

/** A vertex index written as 1 to 10 plain digits (its end in `decimalEnd.at`), else NaN. */
export function readIndex(bytes: Uint8Array, from: number): number {
  let value = 0;
  let i = from;
  for (let c = bytes[i]; c !== undefined && c >= 0x30 && c <= 0x39; c = bytes[++i]) value = value * 10 + (c - 0x30);
  if (i === from || i - from > 10) return NaN;
  decimalEnd.at = i;
  return value;
}
