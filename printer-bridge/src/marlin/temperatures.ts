/**
 * Marlin temperature reports (M105 answer, M155 autoreport, M109/M190 wait output):
 * `T:210.0 /210.0 B:60.0 /60.0 T0:210.0 /210.0 T1:25.0 /0.0 @:127 B@:0 W:?`. Pure.
 */
import type { Heater, Temperatures } from "@peerfab/protocol";

const READING = /(?:^|\s)(T\d*|B|C):\s*(-?\d+(?:\.\d+)?)(?:\s*\/\s*(-?\d+(?:\.\d+)?))?/g;

/** Parses a temperature report; null when the line holds no hotend or bed reading. */
export function parseTemperatures(line: string): Temperatures | null {
  let single: Heater | null = null;
  const indexed: Heater[] = [];
  let bed: Heater | null = null;
  let chamber: Heater | null = null;
  for (const match of line.matchAll(READING)) {
    const [, key, actualText, targetText] = match;
    if (key === undefined || actualText === undefined) continue;
    const heater: Heater = { actual: Number(actualText), target: targetText === undefined ? 0 : Number(targetText) };
    if (key === "B") bed = heater;
    else if (key === "C") chamber = heater;
    else if (key === "T") single = heater;
    else indexed[Number.parseInt(key.slice(1), 10)] = heater;
  }
  const tools = indexed.length > 0 ? Array.from(indexed, (h) => h ?? { actual: 0, target: 0 }) : single ? [single] : [];
  if (tools.length === 0 && bed === null) return null;
  return chamber ? { tools, bed, chamber } : { tools, bed };
}
