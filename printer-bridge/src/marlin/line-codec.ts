/**
 * Marlin host line protocol (https://reprap.org/wiki/G-code#Checking): a command becomes
 * `N<n> <command>*<checksum>`, the checksum being the XOR of every byte before `*`.
 * `M110 N<n>` sets the firmware's expected line number. Pure functions.
 */

/** The line the host sends first so the firmware expects line 1 next. */
export const LINE_NUMBER_RESET = "M110 N0";

/** XOR of the bytes of `text` (ASCII), as Marlin computes it. */
export function checksum(text: string): number {
  let cs = 0;
  for (let i = 0; i < text.length; i++) cs ^= text.charCodeAt(i) & 0xff;
  return cs;
}

/** `N<n> <command>*<checksum>` without the line terminator. */
export function numberedLine(lineNumber: number, command: string): string {
  const body = `N${lineNumber} ${command}`;
  return `${body}*${checksum(body)}`;
}

export interface DecodedLine {
  lineNumber: number | null;
  command: string;
  /** Checksum sent with the line, null if none. */
  checksum: number | null;
  /** True when a checksum was sent and it matches. */
  checksumValid: boolean;
}

/** Splits a received host line into its line number, command and checksum (the firmware side). */
export function decodeLine(line: string): DecodedLine {
  const trimmed = line.trim();
  const star = trimmed.lastIndexOf("*");
  const body = star >= 0 ? trimmed.slice(0, star) : trimmed;
  const sent = star >= 0 ? Number.parseInt(trimmed.slice(star + 1), 10) : null;
  const match = /^N(\d+)\s*(.*)$/.exec(body);
  const lineNumber = match?.[1] !== undefined ? Number.parseInt(match[1], 10) : null;
  const command = (match ? (match[2] ?? "") : body).trim();
  const cs = sent === null || Number.isNaN(sent) ? null : sent;
  return { lineNumber, command, checksum: cs, checksumValid: cs !== null && cs === checksum(body) };
}
