import { describe, expect, it } from "vitest";
import { SendWindow } from "../src/marlin/send-window.ts";

const entry = (bytes: number, lineNumber: number | null = 1) => ({ command: "G1", lineNumber, bytes });

describe("SendWindow", () => {
  it("keeps several lines in flight while they fit the receive buffer", () => {
    const window = new SendWindow({ capacityBytes: 128 });
    window.add(entry(60));
    expect(window.canSend(60)).toBe(true);
    window.add(entry(60));
    expect(window.canSend(9)).toBe(false);
    expect(window.canSend(8)).toBe(true);
    expect(window.bytesInFlight).toBe(120);
  });

  it("frees the oldest line on each ok", () => {
    const window = new SendWindow({ capacityBytes: 100 });
    window.add(entry(50, 1));
    window.add(entry(40, 2));
    expect(window.acknowledge().map((e) => e.lineNumber)).toEqual([1]);
    expect(window.bytesInFlight).toBe(40);
    expect(window.canSend(60)).toBe(true);
    expect(window.acknowledge().map((e) => e.lineNumber)).toEqual([2]);
    expect(window.acknowledge()).toEqual([]);
    window.add(entry(30, 3));
    expect(window.acknowledge().map((e) => e.lineNumber)).toEqual([3]); // an ok on an empty window saves nothing up
  });

  it("always lets one line through even if it is longer than the buffer", () => {
    const window = new SendWindow({ capacityBytes: 16 });
    expect(window.canSend(40)).toBe(true);
  });

  it("in one-line mode waits for the ok before the next line", () => {
    const window = new SendWindow({ mode: "one-line" });
    expect(window.canSend(10)).toBe(true);
    window.add(entry(10));
    expect(window.canSend(1)).toBe(false);
    window.acknowledge();
    expect(window.canSend(10)).toBe(true);
  });
});

describe("SendWindow with ADVANCED_OK", () => {
  it("lets the commands that fit the firmware's command queue (B) ride outside the receive buffer", () => {
    const window = new SendWindow({ capacityBytes: 100 });
    window.reportQueueFree(2); // `ok N0 P15 B2`: two more commands fit the queue after the one executing
    for (let n = 1; n <= 4; n++) window.add(entry(40, n));
    expect(window.bytesInFlight).toBe(160);
    expect(window.receiveBufferBytes()).toBe(80); // lines 1 and 2 may be queued, 3 and 4 in RX
    expect(window.canSend(20)).toBe(true);
    expect(window.canSend(21)).toBe(false);
    expect(window.queueSlots).toBe(2);
    window.reportQueueFree(1); // a lower B (queue busier) never shrinks what was learned
    expect(window.queueSlots).toBe(2);
  });

  it("retires every command up to the line an `ok N` executed, so a lost ok costs nothing", () => {
    const window = new SendWindow({ capacityBytes: 100 });
    window.add(entry(10, 0));
    for (let n = 1; n <= 4; n++) window.add(entry(20, n));
    window.add(entry(8, null));
    expect(window.acknowledge(0).map((e) => e.lineNumber)).toEqual([0]); // ok N0: the new numbering is confirmed
    // the oks of lines 1 and 2 were lost:
    expect(window.acknowledge(3).map((e) => e.lineNumber)).toEqual([1, 2, 3]);
    expect(window.inFlight.map((e) => e.lineNumber)).toEqual([4, null]);
    expect(window.bytesInFlight).toBe(28);
  });

  it("does not trust an N before the ok N0 of the new numbering (it may be the previous job's)", () => {
    const window = new SendWindow({ capacityBytes: 200 });
    window.restartNumbering();
    window.add(entry(10, 0));
    for (let n = 1; n <= 5; n++) window.add(entry(20, n));
    expect(window.acknowledge(5).map((e) => e.lineNumber)).toEqual([0]); // counted as one ok, nothing more
    expect(window.acknowledge(0).map((e) => e.lineNumber)).toEqual([1]);
    expect(window.acknowledge(4).map((e) => e.lineNumber)).toEqual([2, 3, 4]);
  });

  it("counts oks, not lines, when the line's first copy is gone (a later copy may not be read yet)", () => {
    const window = new SendWindow({ capacityBytes: 200 });
    window.acknowledge(0);
    window.add(entry(20, 1));
    window.add(entry(20, 2));
    expect(window.acknowledge().map((e) => e.lineNumber)).toEqual([1]); // e.g. the ok of a rejected line 1
    window.add(entry(20, 1)); // line 1 again, after `Resend: 1`
    window.add(entry(20, 3));
    expect(window.acknowledge(1).map((e) => e.lineNumber)).toEqual([2]);
    expect(window.acknowledge(3).map((e) => e.lineNumber)).toEqual([1, 3]);
  });

  it("stays one line in flight in one-line mode whatever the firmware reports", () => {
    const window = new SendWindow({ capacityBytes: 128, mode: "one-line" });
    window.reportQueueFree(4);
    window.add(entry(10, 6));
    expect(window.canSend(10)).toBe(false);
  });

  it("forgets the lines a flushing firmware dropped after the rejected one", () => {
    const window = new SendWindow({ capacityBytes: 200 });
    window.add(entry(20, 1));
    window.add(entry(20, 2));
    window.add(entry(20, null));
    window.add(entry(20, 3));
    const dropped = window.discardAfter((e) => e.lineNumber !== null && e.lineNumber >= 2);
    expect(dropped.map((e) => e.lineNumber)).toEqual([null, 3]);
    expect(window.inFlight.map((e) => e.lineNumber)).toEqual([1, 2]);
    expect(window.bytesInFlight).toBe(40);
  });
});
