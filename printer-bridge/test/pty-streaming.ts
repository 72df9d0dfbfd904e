/**
 * The streaming cases of issue #3, run over a real pty with the real serialport bindings for one
 * window mode: 20,000 lines arrive complete, in order, exactly once, clean, through 1% corrupted
 * bytes, through dropped oks and through busy: bursts. Used by the two pty-streaming-*.test.ts
 * files so vitest runs the two modes side by side.
 */
import { afterEach, expect, it } from "vitest";
import type { WindowMode } from "../src/marlin/send-window.ts";
import type { PrinterConnectionOptions } from "../src/printer/printer-connection.ts";
import type { VirtualMarlinOptions } from "../src/virtual/virtual-marlin.ts";
import { connectOverPty, type PtySession } from "./pty-support.ts";
import { generatedProgram } from "./support.ts";

export const STREAM_LINES = 20_000;

// Default timeouts (30 s, busy-aware) except where oks are lost: there a short communication
// timeout makes each lost ok cost 250 ms instead of 30 s (long commands keep 3 s, more than the
// 1 s between the firmware's heat-up reports).
const LOST_OK_TIMEOUTS = { normalMs: 250, busyProtocolMs: 250, longMs: 3_000 };

const CASES: [string, VirtualMarlinOptions, PrinterConnectionOptions][] = [
  ["a clean line", {}, {}],
  ["1% corrupted bytes", { corruptByteProbability: 0.01, seed: 11 }, {}],
  ["dropped oks (0.1%)", { dropOkProbability: 0.001, seed: 12 }, { timeouts: LOST_OK_TIMEOUTS }],
  ["busy: bursts (5% of commands)", { busyBurstProbability: 0.05, seed: 13 }, {}],
];

export function streamingCases(windowMode: WindowMode): void {
  const commands = generatedProgram(STREAM_LINES);
  let session: PtySession | null = null;

  afterEach(async () => {
    await session?.close();
    session = null;
  });

  it.each(CASES)(`delivers 20,000 lines complete, in order, exactly once through %s (${windowMode} mode)`, async (_name, faults, options) => {
    session = await connectOverPty(faults, { ...options, windowMode });
    const outcome = await session.connection.print(`pty-${windowMode}`, commands);
    expect(outcome).toEqual({ outcome: "completed", linesDone: STREAM_LINES, message: null });
    expect(session.pty.printer.accepted.length).toBe(STREAM_LINES);
    expect(session.pty.printer.accepted).toEqual(commands);
    expect(session.pty.printer.rxOverflowBytes).toBe(0);
  }, 300_000);
}
