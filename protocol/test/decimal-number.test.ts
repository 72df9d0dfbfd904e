/**
 * The 3MF fast path's number reader must store exactly what the general path stores,
 * `Math.fround(Number(text))`, for every text it accepts — including float32s printed in full
 * (17 digits) and texts a hair away from the point halfway between two float32s, where a
 * careless reader rounds the other way — and must refuse what is not a plain decimal.
 */
import { describe, expect, it } from "vitest";
import { decimalEnd, readDecimal } from "../src/formats/threemf/decimal-number.ts";

const encoder = new TextEncoder();

/** What the reader stores for `text` followed by a closing quote, as float32 bits; null when refused. */
function storedBits(text: string): number | null {
  const bytes = encoder.encode(`${text}"`);
  const value = readDecimal(bytes, 0);
  if (Number.isNaN(value) || decimalEnd.at !== text.length) return null;
  return bitsOf(value);
}

function bitsOf(value: number): number {
  return new Uint32Array(Float32Array.of(value).buffer)[0] as number;
}

function expectSameAsNumber(texts: readonly string[]): void {
  const wrong = texts.filter((text) => storedBits(text) !== bitsOf(Number(text)));
  expect(wrong).toEqual([]);
}

/** A deterministic stream of float32 values spread over many magnitudes. */
function float32s(count: number, seed: number): number[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => Math.fround((next() - 0.5) * 10 ** Math.floor(next() * 12 - 6)));
}

describe("readDecimal", () => {
  it("stores float32s printed in full (as JavaScript and most exporters print them) bit for bit", () => {
    const values = float32s(5000, 7);
    expectSameAsNumber(values.map((v) => String(v)));
    expectSameAsNumber(values.map((v) => v.toPrecision(9)));
    expectSameAsNumber(values.map((v) => v.toFixed(6)));
  });

  it("reads the decimal forms Number() reads: signs, missing parts, exponents", () => {
    expectSameAsNumber(["0", "-0", "+0", "-0.0", "007", "5.", ".5", "-.5", "+12.25", "1e3", "1E3", "1e+3", "2.5e-3", "-7.125E-10", "123456789012345678", "0.000000000000000000000000001"]);
    expect(Object.is(readDecimal(encoder.encode('-0"'), 0), -0)).toBe(true);
  });

  it("rounds texts right next to a float32 halfway point as Number() does", () => {
    const texts: string[] = [];
    for (const value of float32s(1000, 11)) {
      if (value === 0) continue;
      const bits = new Uint32Array(Float32Array.of(value).buffer);
      bits[0] = (bits[0] as number) + 1;
      const neighbour = new Float32Array(bits.buffer)[0] as number;
      const halfway = (value + neighbour) / 2;
      // The halfway point itself and texts of 17 to 19 digits on either side of it.
      for (const digits of [17, 18, 19]) texts.push(halfway.toPrecision(digits));
      texts.push(halfway.toPrecision(21), (halfway * (1 + 2 ** -50)).toPrecision(19), (halfway * (1 - 2 ** -50)).toPrecision(19));
    }
    expectSameAsNumber(texts);
  });

  it("refuses texts that are not plain decimals, for the general path to judge", () => {
    for (const text of ["", "-", "+", ".", "e5", "-e5", "1e", "1e+", "Infinity", "NaN", " 1", "0x10", "1".repeat(80)]) {
      expect(storedBits(text), text).toBeNull();
    }
    // A number followed by anything but the closing quote ends there: the caller sees the rest.
    expect(readDecimal(encoder.encode('1,5"'), 0)).toBe(1);
    expect(decimalEnd.at).toBe(1);
  });
});
