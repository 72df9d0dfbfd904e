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
