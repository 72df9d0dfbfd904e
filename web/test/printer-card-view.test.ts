import { describe, expect, it } from "vitest";
import { initialDashboard, withConnection, withSnapshot, type DashboardSnapshot } from "../src/dashboard/dashboard-state.ts";
import { currentJob, printerCardView } from "../src/dashboard/printer-card-view.ts";
import { at, job, printer } from "./helpers.ts";

const view = (snapshot: DashboardSnapshot, id = "p1") => printerCardView(withSnapshot(initialDashboard(), snapshot), id);

describe("printerCardView", () => {
  it("shows state, temperatures and build volume", () => {
    const v = view({
      printers: [printer({}, { state: "printing", temperatures: { tools: [{ actual: 204.8, target: 210 }], bed: { actual: 59.5, target: 60 } } })],
      jobs: [],
    });
    expect(v?.stateLabel).toBe("Printing");
    expect(v?.hotendText).toBe("204.8 °C → 210 °C");
    expect(v?.bedText).toBe("59.5 °C → 60 °C");
    expect(v?.buildVolumeText).toBe("220 × 220 × 250 mm");
    expect(v?.stale).toBe(false);
    expect(v?.job).toBeNull();
  });

  it("shows the reported progress of the printing job as a percentage, with pause and cancel", () => {
    const v = view({
      printers: [
        printer({}, {
          state: "printing",
          progress: { jobId: "j1", linesDone: 426, linesTotal: 1000, fraction: 0.426, startedAt: at(0), etaSeconds: 3720 },
        }),
      ],
      jobs: [job({ linesDone: 400 })],
    });
    expect(v?.job?.percentText).toBe("42%");
    expect(v?.job?.state).toBe("printing");
    expect(v?.job?.etaText).toBe("about 1 h 2 min left");
    expect(v?.job).toMatchObject({ canPause: true, canResume: false, canCancel: true });
    // The toolpath preview follows the live count, not the job's older record.
    expect(v?.job?.gcode).toEqual({ path: "/api/designs/d1/files/f2", commandsDone: 426 });
  });

  it("falls back to the job's own line counts when the printer reports no progress", () => {
    const v = view({ printers: [printer()], jobs: [job({ state: "paused", linesDone: 250, linesTotal: 1000 })] });
    expect(v?.job?.percentText).toBe("25%");
    expect(v?.job).toMatchObject({ canPause: false, canResume: true, canCancel: true });
  });

  it("shows a completed job at 100% with no controls", () => {
    const v = view({ printers: [printer()], jobs: [job({ state: "completed", linesDone: 999, linesTotal: 1000 })] });
    expect(v?.job?.percentText).toBe("100%");
    expect(v?.job).toMatchObject({ canPause: false, canResume: false, canCancel: false });
    expect(v?.job?.gcode?.commandsDone).toBe(1000);
  });

  it("previews a job its printer's bridge sliced once the hub has that G-code, not before", () => {
    const sliced = { sha256: "a".repeat(64), size: 5000, commands: 812, layers: 50, receivedAt: at(5) };
    const meshJob = { gcodeFileId: null, modelFileId: "m1", linesTotal: 0 };
    expect(view({ printers: [printer()], jobs: [job(meshJob)] })?.job?.gcode).toBeNull();
    const printing = view({
      printers: [printer({}, { state: "printing", progress: { jobId: "j1", linesDone: 300, linesTotal: 812, fraction: 0.37, startedAt: at(0), etaSeconds: 600 } })],
      jobs: [job({ ...meshJob, linesTotal: 812, slicedGcode: sliced })],
    });
    expect(printing?.job?.gcode).toEqual({ path: "/api/jobs/j1/sliced-gcode", commandsDone: 300 });
    // Completed (the live progress is gone): every sliced command is done.
    const done = view({ printers: [printer()], jobs: [job({ ...meshJob, state: "completed", linesDone: 812, slicedGcode: sliced })] });
    expect(done?.job?.gcode?.commandsDone).toBe(812);
  });

  it("greys everything out while the connection is down", () => {
    const state = withConnection(withSnapshot(initialDashboard(), { printers: [printer()], jobs: [] }), "reconnecting");
    expect(printerCardView(state, "p1")?.stale).toBe(true);
  });

  it("returns null for a printer it does not know", () => {
    expect(view({ printers: [], jobs: [] })).toBeNull();
  });
});

describe("currentJob", () => {
  it("prefers the job the printer reports progress for", () => {
    const state = withSnapshot(initialDashboard(), {
      printers: [printer({}, { progress: { jobId: "j2", linesDone: 1, linesTotal: 2, fraction: 0.5, startedAt: at(0), etaSeconds: null } })],
      jobs: [job({ id: "j1", updatedAt: at(50) }), job({ id: "j2", updatedAt: at(10) })],
    });
    expect(currentJob(state, "p1")?.id).toBe("j2");
  });

  it("else shows the latest unfinished job of this printer, not other printers' jobs", () => {
    const state = withSnapshot(initialDashboard(), {
      printers: [printer(), printer({ id: "p2" })],
      jobs: [
        job({ id: "old", state: "completed", updatedAt: at(90) }),
        job({ id: "active", state: "accepted", updatedAt: at(10) }),
        job({ id: "other", printerId: "p2", state: "printing", updatedAt: at(100) }),
      ],
    });
    expect(currentJob(state, "p1")?.id).toBe("active");
    expect(currentJob(state, "p2")?.id).toBe("other");
  });
});
