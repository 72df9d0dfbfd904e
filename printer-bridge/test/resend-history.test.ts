import { describe, expect, it } from "vitest";
import { numberedLine } from "../src/marlin/line-codec.ts";
import { ResendHistory } from "../src/marlin/resend-history.ts";

function sent(count: number): ResendHistory {
  const history = new ResendHistory({ maxAttemptsPerLine: 3 });
  for (let n = 1; n <= count; n++) history.record(n, numberedLine(n, `G1 X${n}`));
  return history;
}

describe("ResendHistory", () => {
  it("replays from the requested line to the last sent, in order", () => {
    const decision = sent(10).request(7);
    expect(decision.kind).toBe("replay");
    if (decision.kind === "replay") expect(decision.lines.map((l) => l.lineNumber)).toEqual([7, 8, 9, 10]);
    if (decision.kind === "replay") expect(decision.lines[0]?.wire).toBe(numberedLine(7, "G1 X7"));
  });

  it("ignores the stale duplicate requests drawn by lines already in flight, replaying once", () => {
    const history = sent(10);
    expect(history.request(7).kind).toBe("replay");
    // Lines 8, 9 and 10 were in flight and each draws its own "Resend: 7".
    expect([history.request(7), history.request(7), history.request(7)].map((d) => d.kind)).toEqual([
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    // The replayed line 7 failed again: that request is fresh.
    expect(history.request(7).kind).toBe("replay");
  });

  it("reports a resend loop when one line keeps failing", () => {
    const history = sent(1);
    expect(history.request(1).kind).toBe("replay");
    expect(history.request(1).kind).toBe("replay");
    expect(history.request(1).kind).toBe("replay");
    expect(history.request(1)).toMatchObject({ kind: "loop", lineNumber: 1, attempts: 4 });
  });

  it("treats a request past the last line as everything accepted", () => {
    expect(sent(5).request(6)).toEqual({ kind: "already-accepted", lineNumber: 6 });
  });

  it("cannot replay lines it no longer keeps", () => {
    const history = new ResendHistory({ capacity: 3 });
    for (let n = 1; n <= 10; n++) history.record(n, numberedLine(n, "G1"));
    expect(history.request(2)).toEqual({ kind: "unknown-line", lineNumber: 2 });
    expect(history.request(8).kind).toBe("replay");
  });
});
