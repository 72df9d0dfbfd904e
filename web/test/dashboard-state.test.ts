import { describe, expect, it } from "vitest";
import {
  initialDashboard,
  withConnection,
  withJob,
  withPrinter,
  withSnapshot,
  withStatus,
} from "../src/dashboard/dashboard-state.ts";
import { at, job, printer, status } from "./helpers.ts";

const hot = (actual: number) => ({ tools: [{ actual, target: 210 }], bed: { actual: 60, target: 60 } });

describe("dashboard state", () => {
  it("is not synced until the first snapshot", () => {
    const state = withConnection(initialDashboard(), "connecting");
    expect(state.synced).toBe(false);
    const synced = withSnapshot(state, { printers: [printer()], jobs: [job()] });
    expect(synced.synced).toBe(true);
    expect(synced.connection).toBe("live");
    expect(synced.printers.get("p1")?.name).toBe("Virtual MK1");
  });

  it("marks everything stale on disconnect and replaces it wholesale on the next snapshot", () => {
    let state = withSnapshot(initialDashboard(), {
      printers: [printer(), printer({ id: "p2", name: "Gone" })],
      jobs: [job({ state: "printing", linesDone: 500 })],
    });
    state = withConnection(state, "reconnecting");
    expect(state.synced).toBe(false);
    state = withConnection(state, "connecting");
    state = withSnapshot(state, { printers: [printer({}, { state: "idle", at: at(60) })], jobs: [] });
    expect([...state.printers.keys()]).toEqual(["p1"]);
    expect(state.jobs.size).toBe(0);
    expect(state.printers.get("p1")?.status.state).toBe("idle");
  });

  it("applies a newer status and records its temperatures", () => {
    let state = withSnapshot(initialDashboard(), { printers: [printer({}, { at: at(0) })], jobs: [] });
    const result = withStatus(state, status({ state: "printing", temperatures: hot(150), at: at(2) }));
    state = result.state;
    expect(result.unknownPrinter).toBe(false);
    expect(state.printers.get("p1")?.status.state).toBe("printing");
    expect(state.temperatures.get("p1")?.map((s) => s.hotend?.actual)).toEqual([24, 150]);
  });

  it("ignores a status older than the one shown", () => {
    const state = withSnapshot(initialDashboard(), { printers: [printer({}, { state: "printing", at: at(10) })], jobs: [] });
    const result = withStatus(state, status({ state: "idle", at: at(5) }));
    expect(result.state.printers.get("p1")?.status.state).toBe("printing");
  });

  it("asks for a resync when a status names an unknown printer", () => {
    const state = withSnapshot(initialDashboard(), { printers: [], jobs: [] });
    const result = withStatus(state, status({ printerId: "new" }));
    expect(result.unknownPrinter).toBe(true);
    expect(result.state).toBe(state);
  });

  it("keeps temperature history across a resync (it is history, not a current value)", () => {
    let state = withSnapshot(initialDashboard(), { printers: [printer({}, { at: at(0) })], jobs: [] });
    state = withStatus(state, status({ temperatures: hot(100), at: at(2) })).state;
    state = withConnection(state, "reconnecting");
    state = withSnapshot(state, { printers: [printer({}, { temperatures: hot(180), at: at(30) })], jobs: [] });
    expect(state.temperatures.get("p1")?.map((s) => s.hotend?.actual)).toEqual([24, 100, 180]);
  });

  it("updates a printer's details but keeps a newer status it already has", () => {
    let state = withSnapshot(initialDashboard(), { printers: [printer({}, { state: "printing", at: at(10) })], jobs: [] });
    state = withPrinter(state, printer({ name: "Renamed" }, { state: "idle", at: at(1) }));
    expect(state.printers.get("p1")?.name).toBe("Renamed");
    expect(state.printers.get("p1")?.status.state).toBe("printing");
  });

  it("applies job updates in order and drops out-of-date ones", () => {
    let state = withSnapshot(initialDashboard(), { printers: [printer()], jobs: [] });
    state = withJob(state, job({ linesDone: 100, updatedAt: at(10) }));
    state = withJob(state, job({ linesDone: 50, updatedAt: at(5) }));
    expect(state.jobs.get("j1")?.linesDone).toBe(100);
    state = withJob(state, job({ state: "paused", linesDone: 120, updatedAt: at(12) }));
    expect(state.jobs.get("j1")?.state).toBe("paused");
  });
});

describe("finished jobs across a resync", () => {
  it("keeps the last finished job of each printer (a final state cannot go stale) but drops unfinished ones", () => {
    let state = withSnapshot(initialDashboard(), { printers: [printer()], jobs: [] });
    state = withJob(state, job({ id: "done-old", state: "completed", updatedAt: at(1) }));
    state = withJob(state, job({ id: "done", state: "completed", updatedAt: at(5) }));
    state = withJob(state, job({ id: "was-printing", state: "printing", updatedAt: at(6) }));
    state = withSnapshot(withConnection(state, "reconnecting"), { printers: [printer()], jobs: [] });
    expect([...state.jobs.keys()]).toEqual(["done"]);
  });

  it("forgets finished jobs of printers that are gone", () => {
    let state = withSnapshot(initialDashboard(), { printers: [printer()], jobs: [] });
    state = withJob(state, job({ state: "completed" }));
    state = withSnapshot(state, { printers: [], jobs: [] });
    expect(state.jobs.size).toBe(0);
  });
});
