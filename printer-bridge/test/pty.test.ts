/**
 * The real serial stack end to end: socat makes a pseudo-terminal pair, the virtual printer
 * sits on one end and the bridge opens the other with the real @serialport/bindings-cpp.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openSerialLine } from "../src/serial/serial-port.ts";
import { PrinterConnection } from "../src/printer/printer-connection.ts";
import { startVirtualPty, type VirtualPty } from "../src/virtual/pty.ts";
import type { VirtualMarlinOptions } from "../src/virtual/virtual-marlin.ts";
import type { WindowMode } from "../src/marlin/send-window.ts";
import { generatedProgram } from "./support.ts";

let pty: VirtualPty | null = null;
let connection: PrinterConnection | null = null;

afterEach(async () => {
  await connection?.close();
  await pty?.close();
  connection = null;
  pty = null;
});

async function connectOverPty(printer: VirtualMarlinOptions, windowMode: WindowMode): Promise<{ connection: PrinterConnection; pty: VirtualPty }> {
  pty = await startVirtualPty(printer);
  const line = await openSerialLine({ path: pty.hostPath, baudRate: 250000 });
  connection = new PrinterConnection(line, { windowMode });
  await connection.handshake();
  return { connection, pty };
}

describe("streaming over a real pty with the real serialport bindings", () => {
  const cases: [WindowMode, number][] = [
    ["window", 0],
    ["window", 0.01],
    ["one-line", 0],
    ["one-line", 0.01],
  ];
  it.each(cases)("delivers 5,000 lines complete, in order, exactly once (%s mode, corruption %s)", async (mode, corruption) => {
    const { connection, pty } = await connectOverPty({ corruptByteProbability: corruption, seed: 11 }, mode);
    const commands = generatedProgram(5000);
    const outcome = await connection.print("pty-job", commands);
    expect(outcome).toEqual({ outcome: "completed", linesDone: 5000, message: null });
    expect(pty.printer.accepted).toEqual(commands);
    expect(pty.printer.rxOverflowBytes).toBe(0);
  }, 180_000);

  it("fails the job on a fatal halt and leaves the heaters at 0", async () => {
    const { connection, pty } = await connectOverPty({ haltAtLine: 300 }, "window");
    const outcome = await connection.print("pty-halt", generatedProgram(2000));
    expect(outcome.outcome).toBe("failed");
    expect(pty.printer.halted).toBe(true);
    expect(pty.printer.hotend.target).toBe(0);
    expect(pty.printer.bed.target).toBe(0);
    expect(pty.printer.accepted.length).toBeLessThan(2000);
  }, 60_000);
});
