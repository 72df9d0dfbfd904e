import { describe, expect, it } from "vitest";
import { checkTransition, isTerminal, JOB_STATES, JOB_TRANSITIONS } from "../src/jobs.ts";

describe("job state machine", () => {
  it("lets the bridge take an accepted job to printing and on to completed", () => {
    expect(checkTransition("accepted", "printing", "bridge")).toEqual({ ok: true });
    expect(checkTransition("printing", "completed", "bridge")).toEqual({ ok: true });
  });

  it("refuses a maker completing a print and says who may", () => {
    const check = checkTransition("printing", "completed", "maker");
    expect(check).toEqual({ ok: false, reason: "only the bridge may move a job from printing to completed" });
  });

  it("refuses transitions out of terminal states", () => {
    for (const to of JOB_STATES) {
      expect(checkTransition("completed", to, "hub").ok).toBe(false);
      expect(checkTransition("cancelled", to, "maker").ok).toBe(false);
    }
  });

  it("has no rule leaving a terminal state and every state is reachable", () => {
    expect(JOB_TRANSITIONS.filter((r) => isTerminal(r.from))).toEqual([]);
    const reachable = new Set(JOB_TRANSITIONS.map((r) => r.to));
    for (const s of JOB_STATES.filter((s) => s !== "open" && s !== "accepted")) {
      expect(reachable.has(s)).toBe(true);
    }
  });

  it("only the maker accepts a quote", () => {
    expect(checkTransition("quoted", "accepted", "maker").ok).toBe(true);
    expect(checkTransition("quoted", "accepted", "shop").ok).toBe(false);
  });
});
