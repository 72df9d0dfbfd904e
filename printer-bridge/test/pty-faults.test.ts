/**
 * Halt, disconnect and reset over a real pty with the real serialport bindings: each ends the job
 * with the right state and message, and no fatal error leaves the heaters on.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AttachedPrinter, type PrinterJobEvent } from "../src/printer/attached-printer.ts";
import { startVirtualPty, type VirtualPty } from "../src/virtual/pty.ts";
import { connectOverPty, ptyPrinterConfig, type PtySession, until } from "./pty-support.ts";
import { generatedProgram } from "./support.ts";

let session: PtySession | null = null;
let pty: VirtualPty | null = null;
let printer: AttachedPrinter | null = null;

afterEach(async () => {
  await printer?.close();
  await session?.close();
  await pty?.close();
  printer = session = pty = null;
});

describe("faults over a real pty", () => {
  it("fails the job on a thermal-runaway halt and leaves the heaters at 0", async () => {
    session = await connectOverPty({ haltAtLine: 300 });
    const outcome = await session.connection.print("pty-halt", generatedProgram(2000));
    expect(outcome.outcome).toBe("failed");
    expect(outcome.message).toMatch(/Thermal Runaway/);
    expect(outcome.linesDone).toBeLessThanOrEqual(300);
    expect(session.connection.state).toBe("error");
    expect(session.connection.statusMessage).toMatch(/reset the printer/);
    expect(session.pty.printer.halted).toBe(true);
    expect(session.pty.printer.hotend.target).toBe(0);
    expect(session.pty.printer.bed.target).toBe(0);
  }, 60_000);

  it("fails the job when the firmware resets mid-print, then is idle again with the heaters off", async () => {
    session = await connectOverPty({});
    const { connection } = session;
    const done = connection.print("pty-reset", generatedProgram(20_000));
    await until("the print to be under way", () => connection.linesDone >= 500);
    session.pty.printer.reset();
    const outcome = await done;
    expect(outcome.outcome).toBe("failed");
    expect(outcome.message).toMatch(/restarted \(firmware reset\)/);
    await until("the bridge to reconnect to the restarted firmware", () => connection.state === "idle");
    await until("the heaters to be turned off", () => session?.pty.printer.hotend.target === 0 && session.pty.printer.bed.target === 0);
  }, 60_000);

  it("fails the job with the last acknowledged line when the cable is pulled, reconnects when it is back, heaters off", async () => {
    pty = await startVirtualPty({ disconnectAtLine: 3000 });
    const attached = new AttachedPrinter(ptyPrinterConfig("pty-usb", pty.hostPath));
    printer = attached;
    const events: PrinterJobEvent[] = [];
    attached.on("jobEvent", (event) => events.push(event));
    await attached.start();
    expect(attached.state).toBe("idle");

    const outcome = await attached.print("pty-unplug", `${generatedProgram(5000).join("\n")}\n`);
    expect(outcome.outcome).toBe("failed");
    expect(pty.printer.accepted.length).toBe(3000);
    expect(outcome.linesDone).toBeLessThanOrEqual(3000);
    expect(outcome.linesDone).toBeGreaterThan(3000 - 10); // at most a few lines still in the firmware's queue
    expect(outcome.message).toContain(`acknowledged line ${outcome.linesDone} of 5000`);
    expect(events.at(-1)).toMatchObject({ jobId: "pty-unplug", type: "failed", linesDone: outcome.linesDone });
    expect(attached.state).toBe("offline");
    expect(pty.plugged).toBe(false);
    expect(pty.printer.hotend.target).toBe(210); // the board kept its power and its heaters

    await pty.replug();
    await until("the bridge to reconnect", () => attached.state === "idle", 30);
    await until("the heaters to be turned off", () => pty?.printer.hotend.target === 0 && pty.printer.bed.target === 0);
    const again = await attached.print("pty-after-replug", `${generatedProgram(200).join("\n")}\n`);
    expect(again).toEqual({ outcome: "completed", linesDone: 200, message: null });
  }, 90_000);
});
