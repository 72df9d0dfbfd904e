/** Several printers per bridge: two ptys, two printers, two jobs at once, lines never crossing. */
import { afterEach, describe, expect, it } from "vitest";
import { AttachedPrinter } from "../src/printer/attached-printer.ts";
import { startVirtualPty, type VirtualPty } from "../src/virtual/pty.ts";
import { ptyPrinterConfig } from "./pty-support.ts";
import { generatedProgram } from "./support.ts";

const ptys: VirtualPty[] = [];
const printers: AttachedPrinter[] = [];

afterEach(async () => {
  await Promise.all(printers.splice(0).map((p) => p.close()));
  await Promise.all(ptys.splice(0).map((p) => p.close()));
});

describe("two printers on one bridge", () => {
  it("runs two jobs at the same time, each printer receiving exactly its own lines", async () => {
    const programA = generatedProgram(5000);
    // Same shape, different text: any line crossing over would show.
    const programB = generatedProgram(5000).map((c) => (c.startsWith("G1 X") ? `${c} F2400` : c));
    const [ptyA, ptyB] = await Promise.all([startVirtualPty({ seed: 1, corruptByteProbability: 0.005 }), startVirtualPty({ seed: 2 })]);
    if (!ptyA || !ptyB) throw new Error("pty not started");
    ptys.push(ptyA, ptyB);
    const a = new AttachedPrinter({ ...ptyPrinterConfig("printer-a", ptyA.hostPath), windowMode: "window" });
    const b = new AttachedPrinter({ ...ptyPrinterConfig("printer-b", ptyB.hostPath), windowMode: "one-line" });
    printers.push(a, b);
    await Promise.all([a.start(), b.start()]);
    expect([a.state, b.state]).toEqual(["idle", "idle"]);

    const jobs = Promise.all([a.print("job-a", programA.join("\n")), b.print("job-b", programB.join("\n"))]);
    expect([a.state, b.state]).toEqual(["printing", "printing"]);
    expect(a.job?.jobId).toBe("job-a");
    expect(b.job?.jobId).toBe("job-b");
    const [outcomeA, outcomeB] = await jobs;

    expect(outcomeA).toEqual({ outcome: "completed", linesDone: 5000, message: null });
    expect(outcomeB).toEqual({ outcome: "completed", linesDone: 5000, message: null });
    expect(ptyA.printer.accepted).toEqual(programA);
    expect(ptyB.printer.accepted).toEqual(programB);
    expect([a.state, b.state]).toEqual(["idle", "idle"]);
  }, 120_000);
});
