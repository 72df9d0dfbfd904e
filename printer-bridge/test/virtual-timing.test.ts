/**
 * The virtual printer's timing model, on a hand-moved clock: baud pacing in both directions,
 * reply latency, feed-rate motion through the planner, and a receive buffer that a host keeping
 * to its send window can never overflow.
 */
import { describe, expect, it } from "vitest";
import { parseFirmwareLine } from "../src/marlin/firmware-response.ts";
import { numberedLine } from "../src/marlin/line-codec.ts";
import { SendWindow } from "../src/marlin/send-window.ts";
import { VirtualMarlin, type VirtualMarlinOptions } from "../src/virtual/virtual-marlin.ts";
import { ManualClock } from "./manual-clock.ts";
import { generatedProgram } from "./support.ts";

function timedPrinter(options: VirtualMarlinOptions, clock = new ManualClock()) {
  const printer = new VirtualMarlin(options, clock);
  const output: { line: string; at: number }[] = [];
  printer.onLine((line) => output.push({ line, at: clock.now() }));
  const send = (...lines: string[]) => printer.receive(Buffer.from(lines.map((l) => `${l}\n`).join(""), "latin1"));
  const oks = () => output.filter((o) => o.line.startsWith("ok"));
  return { printer, clock, output, send, oks };
}

const wireBytes = (lines: string[]) => lines.reduce((sum, l) => sum + l.length + 1, 0);

describe("virtual printer timing", () => {
  it("paces a line and its ok at baud/10 bytes per second in each direction", () => {
    const { clock, send, oks } = timedPrinter({ baud: 115200 });
    const line = numberedLine(1, "G1 X100.125 Y87.5 E2.71828");
    send(line);
    const inMs = ((line.length + 1) / 11520) * 1000;
    clock.advance(inMs - 0.01);
    expect(oks()).toEqual([]);
    clock.advance(50);
    const [ok] = oks();
    expect(ok?.line).toBe("ok N1 P15 B3"); // B counts the free slots while line 1 still holds its own
    expect(ok?.at).toBeCloseTo(inMs + (("ok N1 P15 B3".length + 1) / 11520) * 1000, 6);
  });

  it("keeps the exact wire rate when its timers fire late", () => {
    const clock = new ManualClock(4);
    const { printer, send } = timedPrinter({ baud: 250000 }, clock);
    const moves = generatedProgram(1006).slice(6);
    const lines = moves.map((c, i) => numberedLine(i + 1, c));
    send(...lines);
    const wireMs = (wireBytes(lines) / 25000) * 1000;
    clock.advance(wireMs - 2);
    expect(printer.accepted.length).toBeLessThan(1000);
    clock.advance(2 + 4 + 1);
    expect(printer.accepted).toEqual(moves);
    expect(printer.rxOverflowBytes).toBe(0);
  });

  it("delays replies by a seeded uniform 2–4 ms and keeps their order", () => {
    const delays = (seed: number) => {
      const { clock, send, oks } = timedPrinter({ replyLatencyMs: [2, 4], seed });
      const measured: number[] = [];
      for (let n = 1; n <= 200; n++) {
        const sentAt = clock.now();
        send(numberedLine(n, "G1 X1"));
        clock.advance(10);
        const ok = oks()[n - 1];
        if (!ok) throw new Error(`no ok for line ${n}`);
        measured.push(ok.at - sentAt);
      }
      return measured;
    };
    const first = delays(7);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...first)).toBeLessThanOrEqual(4);
    expect(Math.max(...first) - Math.min(...first)).toBeGreaterThan(1.5);
    expect(delays(7)).toEqual(first);
    expect(delays(8)).not.toEqual(first);

    const { clock, send, output } = timedPrinter({ replyLatencyMs: [2, 4] });
    send("M115");
    clock.advance(20);
    expect(output[0]?.line).toMatch(/^FIRMWARE_NAME:/);
    expect(output.at(-1)?.line).toMatch(/^ok/);
    expect(output.map((o) => o.at)).toEqual([...output.map((o) => o.at)].sort((a, b) => a - b));
  });

  it("times moves from their length and feed rate through a planner that acknowledges ahead", () => {
    const { clock, send, oks } = timedPrinter({ motion: "feedrate", plannerBlocks: 3, advancedOk: false });
    // 10 mm at 600 mm/min = 1 s each; the planner holds 2 moves, M400 waits for all of them.
    send("G1 X10 F600", "G1 X20", "G1 X30", "M400");
    clock.advance(5000);
    expect(oks().map((o) => o.at)).toEqual([0, 0, 1000, 3000]);

    const diagonal = timedPrinter({ motion: "feedrate", advancedOk: false });
    // 3-4-5 triangle at 60 mm/min: 5 s; then 5 mm of relative extrusion alone at 300 mm/min: 1 s.
    diagonal.send("G1 X3 Y4 F60", "M83", "G1 E5 F300", "G1 E5", "M400", "M114");
    diagonal.clock.advance(10_000);
    expect(diagonal.oks().at(-2)?.at).toBe(7000);
    expect(diagonal.output.find((o) => o.line.startsWith("X:"))?.line).toMatch(/^X:3\.00 Y:4\.00 Z:0\.00 E:10\.00/);
  });

  it("takes no time for moves in instant mode", () => {
    const { clock, send, oks } = timedPrinter({ advancedOk: false });
    send("G1 X100 F60", "M400");
    clock.advance(5);
    expect(oks().map((o) => o.at)).toEqual([0, 0]);
  });

  describe("receive buffer", () => {
    /**
     * A host that sends from `lines` while `window` allows (or everything at once without one),
     * counting every ok and, like the bridge, ADVANCED_OK's N and B.
     */
    function stream(window: SendWindow | null) {
      // The program starts by heating: the command queue stays full for seconds while bytes keep coming.
      const { printer, clock, send, output } = timedPrinter({ baud: 115200, processingMs: 3, replyLatencyMs: [2, 4] });
      const commands = generatedProgram(600);
      const lines = commands.map((c, i) => numberedLine(i + 1, c));
      let next = 0;
      const pump = () => {
        while (next < lines.length) {
          const wire = lines[next] ?? "";
          if (window && !window.canSend(wire.length + 1)) return;
          window?.add({ command: wire, lineNumber: next + 1, bytes: wire.length + 1 });
          send(wire);
          next++;
        }
      };
      printer.onLine((line) => {
        const answer = parseFirmwareLine(line);
        if (answer.kind !== "ok") return;
        if (answer.bufferFree !== null) window?.reportQueueFree(answer.bufferFree);
        window?.acknowledge(answer.lineNumber);
        pump();
      });
      pump();
      for (let i = 0; i < 100 && output.filter((o) => o.line.startsWith("ok")).length < lines.length; i++) clock.advance(100);
      return { printer, commands };
    }

    it("never overflows when the host keeps within a 128-byte send window, even with the queue full", () => {
      const { printer, commands } = stream(new SendWindow({ capacityBytes: 128 }));
      expect(printer.rxOverflowBytes).toBe(0);
      expect(printer.accepted).toEqual(commands);
    });

    it("never overflows when the lines the command queue can take (ADVANCED_OK B) ride on top of the 128 bytes", () => {
      const window = new SendWindow({ capacityBytes: 128 });
      window.acknowledge(0); // as after the handshake's `ok N0`: this numbering's N can be trusted
      const { printer, commands } = stream(window);
      expect(window.queueSlots).toBe(3); // BUFSIZE 4, B counted while the answered command holds its slot
      expect(window.peakBytesInFlight).toBeGreaterThan(128);
      expect(printer.rxOverflowBytes).toBe(0);
      expect(printer.accepted).toEqual(commands);
    });

    it("loses bytes when the host ignores the window, or counts on one queue slot more than BUFSIZE (so the checks above mean something)", () => {
      expect(stream(null).printer.rxOverflowBytes).toBeGreaterThan(0);
      const overclaimed = new SendWindow({ capacityBytes: 128 });
      overclaimed.reportQueueFree(5); // BUFSIZE 4: after an ok at most 4 more commands leave the receive buffer
      expect(stream(overclaimed).printer.rxOverflowBytes).toBeGreaterThan(0);
    });
  });
});
