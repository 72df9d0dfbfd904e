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
    expect(window.acknowledge()?.lineNumber).toBe(1);
    expect(window.bytesInFlight).toBe(40);
    expect(window.canSend(60)).toBe(true);
    expect(window.acknowledge()?.lineNumber).toBe(2);
    expect(window.acknowledge()).toBeUndefined();
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
  it("stops counting lines the firmware says it has read (ok N..) against the receive buffer", () => {
    const window = new SendWindow({ capacityBytes: 100 });
    for (let n = 1; n <= 3; n++) window.add(entry(40, n));
    expect(window.canSend(40)).toBe(false);
    window.firmwareRead(2, 3); // `ok N2 P15 B3`: lines 1 and 2 sit in the command queue
    expect(window.receiveBufferBytes()).toBe(40);
    expect(window.canSend(60)).toBe(true);
    expect(window.canSend(61)).toBe(false);
    expect(window.queueSlots).toBe(3);
    window.firmwareRead(null, 1); // a lower B (queue busier) never shrinks what was learned
    expect(window.queueSlots).toBe(3);
    window.restartNumbering(); // M110: old line numbers mean nothing
    expect(window.receiveBufferBytes()).toBe(120);
  });

  it("counts what was sent after the line the firmware read, host commands included", () => {
    const window = new SendWindow({ capacityBytes: 100 });
    window.add(entry(40, null));
    window.add(entry(40, 1));
    window.add(entry(30, null));
    window.firmwareRead(1, 3); // the receive buffer is a FIFO: the first two are out of it
    expect(window.receiveBufferBytes()).toBe(30);
  });

  it("keeps counting right when a rejected line's ok retired the wrong entry", () => {
    const window = new SendWindow({ capacityBytes: 100 });
    for (let n = 1; n <= 4; n++) window.add(entry(30, n));
    window.firmwareRead(2, 2);
    window.acknowledge(); // the ok for a rejected line 3 retires line 1, still queued
    expect(window.receiveBufferBytes()).toBe(60); // lines 3 and 4 were sent after line 2
  });

  it("stays one line in flight in one-line mode whatever the firmware reports", () => {
    const window = new SendWindow({ capacityBytes: 128, mode: "one-line" });
    window.firmwareRead(5, 4);
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
