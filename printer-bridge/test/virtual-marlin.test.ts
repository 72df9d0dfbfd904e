import { describe, expect, it } from "vitest";
import { numberedLine } from "../src/marlin/line-codec.ts";
import { VirtualMarlin, type VirtualMarlinOptions } from "../src/virtual/virtual-marlin.ts";

/** Talks to a VirtualMarlin directly: write lines, collect what it prints. */
function harness(options: VirtualMarlinOptions = {}) {
  const printer = new VirtualMarlin(options);
  const output: string[] = [];
  printer.onLine((line) => output.push(line));
  const send = (...lines: string[]) => printer.receive(Buffer.from(lines.map((l) => `${l}\n`).join(""), "latin1"));
  const until = async (predicate: () => boolean) => {
    for (let i = 0; i < 500 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(predicate()).toBe(true);
  };
  return { printer, output, send, until };
}

describe("VirtualMarlin", () => {
  it("answers every accepted line with ok and records job commands without N and checksum", async () => {
    const { printer, output, send, until } = harness();
    send(numberedLine(0, "M110 N0"), numberedLine(1, "G28"), numberedLine(2, "G1 X10 Y10"));
    await until(() => output.filter((l) => l.startsWith("ok")).length === 3);
    expect(printer.accepted).toEqual(["G28", "G1 X10 Y10"]);
    printer.close();
  });

  it("rejects a bad checksum and a skipped line number like Marlin", async () => {
    const { printer, output, send, until } = harness();
    send(numberedLine(0, "M110 N0"), "N1 G28*99");
    await until(() => output.includes("Resend: 1"));
    expect(output).toContain("Error:checksum mismatch, Last Line: 0");
    send(numberedLine(2, "G28"));
    await until(() => output.filter((l) => l === "Resend: 1").length === 2);
    expect(output).toContain("Error:Line Number is not Last Line Number+1, Last Line: 0");
    expect(printer.accepted).toEqual([]);
    printer.close();
  });

  it("reports firmware name and capabilities on M115", async () => {
    const { printer, output, send, until } = harness();
    send("M115");
    await until(() => output.some((l) => l.startsWith("ok")));
    expect(output[0]).toMatch(/^FIRMWARE_NAME:Marlin 2\.1\.2 \(PeerFab virtual\)/);
    expect(output).toContain("Cap:AUTOREPORT_TEMP:1");
    expect(output).toContain("Cap:EMERGENCY_PARSER:1");
    printer.close();
  });

  it("heats on M109 and answers ok only once the target is reached", async () => {
    const { printer, output, send, until } = harness({ heatingRate: 200 });
    send("M109 S200");
    await until(() => output.some((l) => l.startsWith("ok")));
    expect(printer.hotend.temperature(performance.now())).toBeGreaterThanOrEqual(199);
    send("M105");
    await until(() => output.some((l) => /^ok T:\d/.test(l)));
    printer.close();
  });

  it("drops bytes that overflow its receive buffer", async () => {
    const { printer, send } = harness({ rxBufferSize: 16, processingMs: 50 });
    send("G4 P1000 ; a line far longer than sixteen bytes");
    expect(printer.rxOverflowBytes).toBeGreaterThan(0);
    printer.close();
  });

  it("halts with a thermal runaway at the configured line and turns heaters off", async () => {
    const { printer, output, send, until } = harness({ haltAtLine: 2 });
    send(numberedLine(0, "M110 N0"), numberedLine(1, "M104 S200"), numberedLine(2, "G1 X1"), numberedLine(3, "G1 X2"));
    await until(() => printer.halted);
    expect(output).toContain("Error:Printer halted. kill() called!");
    expect(printer.hotend.target).toBe(0);
    send(numberedLine(4, "G1 X3"));
    await new Promise((r) => setTimeout(r, 50));
    expect(printer.accepted).not.toContain("G1 X3");
    printer.close();
  });

  it("halts at once on M112 via the emergency parser", async () => {
    const { printer, output, send } = harness({ processingMs: 1000 });
    send("M104 S200", "M112");
    expect(printer.halted).toBe(true);
    expect(output.some((l) => l.includes("kill() called"))).toBe(true);
    printer.close();
  });
});
