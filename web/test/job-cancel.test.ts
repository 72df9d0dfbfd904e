/** Who the jobs page offers "Cancel job" to: the maker, on their own job, before it prints. */
import { JOB_STATES } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { makerMayCancel } from "../src/marketplace/job-cancel.ts";

describe("makerMayCancel", () => {
  it("lets the maker cancel an open, quoted or queued job, and nothing once it prints or ended", () => {
    const cancellable = JOB_STATES.filter((state) => makerMayCancel({ makerId: "usr_me", state }, "usr_me"));
    expect(cancellable).toEqual(["open", "quoted", "accepted"]);
  });

  it("never offers it on someone else's job, nor to a visitor who is not signed in", () => {
    expect(makerMayCancel({ makerId: "usr_maker", state: "accepted" }, "usr_shop")).toBe(false);
    expect(makerMayCancel({ makerId: "usr_maker", state: "open" }, null)).toBe(false);
  });

  it("offers it on a hub without accounts, where every job is the local user's", () => {
    expect(makerMayCancel({ makerId: "usr_local", state: "accepted" }, "single-user")).toBe(true);
    expect(makerMayCancel({ makerId: "usr_local", state: "printing" }, "single-user")).toBe(false);
  });
});
