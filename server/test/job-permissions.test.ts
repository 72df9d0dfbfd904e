import type { JobState } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { controlActor, type JobControlAction, mayWatchJob } from "../src/services/job-permissions.ts";

const job = (state: JobState, makerId = "usr_maker", printerOwnerId: string | null = "usr_shop") => ({ jobId: "job_1", state, makerId, printerOwnerId });
const outcome = (userId: string, action: JobControlAction, state: JobState, makerId?: string, owner?: string | null) => {
  const decision = controlActor(userId, action, job(state, makerId, owner));
  return "actor" in decision ? decision.actor : decision.refused.status;
};

describe("who may see and control a job", () => {
  it("lets the maker and the printer's owner see it, nobody else", () => {
    expect(mayWatchJob("usr_maker", job("printing"))).toBe(true);
    expect(mayWatchJob("usr_shop", job("printing"))).toBe(true);
    expect(mayWatchJob("usr_other", job("printing"))).toBe(false);
    expect(mayWatchJob("usr_other", job("open", "usr_maker", null))).toBe(false);
  });

  it("lets the maker cancel before printing only, and the printer's owner control everything", () => {
    expect(outcome("usr_maker", "cancel", "open", "usr_maker", null)).toBe("maker");
    expect(outcome("usr_maker", "cancel", "accepted")).toBe("maker");
    expect(outcome("usr_maker", "cancel", "printing")).toBe(403);
    expect(outcome("usr_maker", "cancel", "paused")).toBe(403);
    for (const action of ["pause", "resume", "emergency-stop"] as const) expect(outcome("usr_maker", action, "printing")).toBe(403);
    for (const action of ["pause", "resume", "cancel", "emergency-stop"] as const) expect(outcome("usr_shop", action, "printing")).toBe("shop");
    expect(outcome("usr_shop", "cancel", "accepted")).toBe("shop");
    // On their own printer the maker is the owner, and recorded as the maker.
    expect(outcome("usr_maker", "cancel", "printing", "usr_maker", "usr_maker")).toBe("maker");
    expect(outcome("usr_other", "cancel", "accepted")).toBe(403);
  });
});
