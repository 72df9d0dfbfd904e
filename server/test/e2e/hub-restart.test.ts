/**
 * Delivery that loses nothing (issue #5), proven with real processes: the hub as `main.ts` runs it
 * (its own data dir and SQLite file), a printer-bridge process driving a slowed virtual printer,
 * and a signed-in maker's dashboard socket. The hub is killed (SIGKILL) mid-print and started again
 * on the same port and data dir: the print goes on, bridge and dashboard reconnect by themselves,
 * the job completes with each transition recorded once, and the printer got every command once.
 * Then a job created while the bridge is stopped is printed when the bridge returns, and job events
 * the hub applied before its restart, sent again by the bridge with the same event ids, change nothing.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserToHubEvents, DesignCreated, HubToBrowserEvents, Job, JobState, Printer, PrinterStatus } from "@peerfab/protocol";
import { launchBridgeProcess, stopBridgeProcess } from "@peerfab/printer-bridge/launch";
import SQLite from "better-sqlite3";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser, type TestUser } from "../account-helpers.ts";
import { getJson, postJson, printFixture, upload } from "../helpers.ts";
import { type HubProcess, launchHubProcess } from "./hub-process.ts";
import { collectOutput, gcodeCommands, until } from "./support.ts";

/**
 * 2,353 commands of the 10 mm cube at 8 ms each: about 20 s of printing after heating, long enough
 * to kill the hub, see the printer go on, and bring the hub back (a few seconds) before the print ends.
 */
const SLOW_MS_PER_COMMAND = 8;

/** One event the dashboard socket received, numbered by the connection it arrived on (1 before the restart). */
interface Seen<T> {
  connection: number;
  value: T;
}

/** The shape of the bridge's state file (printer-bridge/src/hub/bridge-state-file.ts) this test reads and extends. */
interface BridgeStateOnDisk {
  bridgeId: string;
  pendingEvents: { eventId: string; jobId: string; printerLocalId: string; type: string; linesDone: number; message: string | null; at: string }[];
}

describe("hub killed mid-print, end to end with real processes", () => {
  let dataDir: string;
  let hub: HubProcess;
  let bridge: ChildProcess | null = null;
  let bridgeOutput: () => string = () => "";
  let dashboard: Socket<HubToBrowserEvents, BrowserToHubEvents>;
  let maker: TestUser;
  let token: string;
  let acceptedLog: string;
  let printersFile: string;
  let stateDir: string;
  let gcode: Buffer;
  let designId: string;
  let printer: Printer;
  let printedJob: Job;
  let connection = 0;
  const statuses: Seen<PrinterStatus>[] = [];
  const jobUpdates: Seen<Job>[] = [];
  const snapshots: Seen<{ printers: Printer[]; jobs: Job[] }>[] = [];

  /** An entry of printers.json (printer-bridge/src/config.ts). */
  const slowPrinter = (processingMs: number) => ({
    localId: "slow-virtual",
    name: "Slow virtual printer",
    port: "virtual",
    buildVolume: { x: 220, y: 220, z: 250 },
    nozzleDiameter: 0.4,
    materials: ["PLA"],
    acceptsRemoteJobs: false,
    virtual: { processingMs, acceptedLogPath: acceptedLog },
  });

  const startBridge = async (processingMs: number) => {
    await writeFile(printersFile, JSON.stringify([slowPrinter(processingMs)]));
    bridge = launchBridgeProcess({ hubUrl: hub.url, tokenFile: join(dataDir, "maker-token"), stateDir, config: printersFile });
    bridgeOutput = collectOutput(bridge);
  };
  const acceptedCommands = async () => (existsSync(acceptedLog) ? (await readFile(acceptedLog, "utf8")).split("\n").filter((l) => l.length > 0) : []);
  const job = (id: string) => getJson<Job>(hub, `/api/jobs/${id}`, token);
  const printerNow = () => getJson<Printer>(hub, `/api/printers/${printer.id}`, token);
  const ended = (id: string) => async () => {
    const current = await job(id);
    return (["completed", "failed", "cancelled"] as JobState[]).includes(current.state) ? current : undefined;
  };
  const withOutput = (error: unknown): never => {
    throw new Error(`${String(error)}\nbridge output:\n${bridgeOutput()}\nhub output:\n${hub.output()}`);
  };
  /** Fails with the job's message and both processes' output unless the job completed. */
  const expectCompleted = (finished: Job) => {
    if (finished.state !== "completed") withOutput(new Error(`job ${finished.id} ended ${finished.state}: ${finished.message ?? "(no message)"}`));
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "peerfab-e2e-restart-"));
    acceptedLog = join(dataDir, "virtual-printer-accepted.log");
    printersFile = join(dataDir, "printers.json");
    stateDir = join(dataDir, "bridge");
    hub = await launchHubProcess({ dataDir: join(dataDir, "hub") });
    maker = await registerUser(hub, "maker@example.org", "Mia Maker");
    token = (await createToken(hub, maker, "workshop bridge")).token;
    await writeFile(join(dataDir, "maker-token"), token);
    await startBridge(SLOW_MS_PER_COMMAND);

    // The maker's dashboard: a browser socket with the session cookie that asks for a snapshot on every (re)connect.
    dashboard = io(hub.url, { transports: ["websocket"], extraHeaders: { cookie: maker.cookie } });
    dashboard.on("connect", () => {
      const on = ++connection;
      void dashboard.emitWithAck("dashboard:sync").then((snapshot) => snapshots.push({ connection: on, value: snapshot }));
    });
    dashboard.on("printer:status", (status) => statuses.push({ connection, value: status }));
    dashboard.on("job:updated", (update) => jobUpdates.push({ connection, value: update }));

    const stl = await printFixture("cube-10mm.stl");
    gcode = await printFixture("cube-10mm.gcode");
    const uploaded = await upload(hub, { file: { bytes: stl, name: "cube-10mm.stl" }, gcode: { bytes: gcode, name: "cube-10mm.gcode" }, fields: { title: "Ten millimetre cube", license: "CC0-1.0" } }, token);
    expect(uploaded.status).toBe(201);
    designId = ((await uploaded.json()) as DesignCreated).id;
  }, 120_000);

  afterAll(async () => {
    dashboard?.close();
    if (bridge) await stopBridgeProcess(bridge);
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("keeps printing through a hub killed with SIGKILL; bridge and dashboard catch up; nothing is lost or doubled", async () => {
    printer = await until("the bridge to register an idle printer", async () => {
      const printers = await getJson<Printer[]>(hub, "/api/printers", token);
      return printers.find((p) => p.name === "Slow virtual printer" && p.status.state === "idle");
    }).catch(withOutput);
    expect(printer.ownerId).toBe(maker.id);

    const created = await postJson(hub, "/api/jobs", { designId, printerId: printer.id }, token);
    expect(created.status).toBe(201);
    const { id: jobId } = (await created.json()) as Job;

    // Mid-print: the hub recorded `printing` and the dashboard shows progress.
    await until("the job to be printing", async () => ((await job(jobId)).state === "printing" ? true : undefined)).catch(withOutput);
    await until("progress on the dashboard", () => statuses.find((s) => s.value.progress?.jobId === jobId && s.value.progress.linesDone > 0)).catch(withOutput);

    await hub.kill();
    await expect(fetch(`${hub.url}/api/health`)).rejects.toThrow();
    const linesAtKill = (await acceptedCommands()).length;
    const total = gcodeCommands(gcode.toString("utf8")).length;
    expect(linesAtKill).toBeLessThan(total);
    // No hub: the printer goes on taking commands.
    await until("the printer to take more commands without the hub", async () => ((await acceptedCommands()).length > linesAtKill ? true : undefined), 30).catch(withOutput);

    const killedPort = hub.port;
    hub = await launchHubProcess({ dataDir: join(dataDir, "hub"), port: killedPort });
    expect(hub.port).toBe(killedPort);

    // The bridge came back by itself: statuses live only in the hub's memory, so `printing` is its report.
    const reconnected = await until("the bridge to reconnect and report the print", async () => {
      const current = await printerNow();
      return current.status.state === "printing" ? current : undefined;
    }).catch(withOutput);
    expect(reconnected.status.progress?.jobId).toBe(jobId);

    // The dashboard reconnected by itself, took a snapshot, and gets the print as it is now, not as it was at the kill.
    const fresh = await until("a status after the dashboard reconnected", () =>
      statuses.find((s) => s.connection >= 2 && s.value.printerId === printer.id && s.value.progress?.jobId === jobId),
    ).catch(withOutput);
    expect(fresh.value.state).toBe("printing");
    expect(fresh.value.progress?.linesDone).toBeGreaterThan(linesAtKill);
    const resynced = await until("the dashboard's snapshot after reconnecting", () => snapshots.find((s) => s.connection >= 2));
    expect(resynced.value.jobs.map((j) => [j.id, j.state])).toEqual([[jobId, "printing"]]);
    expect(resynced.value.printers.map((p) => p.id)).toEqual([printer.id]);

    printedJob = await until("the job to end", ended(jobId)).catch(withOutput);
    expectCompleted(printedJob);
    expect(printedJob.history.map((t) => [t.from, t.to, t.actor, t.actorId])).toEqual([
      [null, "accepted", "maker", maker.id],
      ["accepted", "printing", "bridge", printer.id],
      ["printing", "completed", "bridge", printer.id],
    ]);
    expect(printedJob.linesDone).toBe(total);
    expect(await acceptedCommands()).toEqual(gcodeCommands(gcode.toString("utf8")));
    // The dashboard heard of the completion on its new connection.
    expect(jobUpdates.some((u) => u.connection >= 2 && u.value.id === jobId && u.value.state === "completed")).toBe(true);
  }, 180_000);

  it("delivers a job created while the bridge was offline when it returns; events sent again change nothing", async () => {
    expect(printedJob, "the first test must have printed a job").toBeDefined();
    const cleared = await postJson(hub, `/api/printers/${printer.id}/bed-clear`, {}, token);
    expect(cleared.status).toBe(200);

    if (bridge) await stopBridgeProcess(bridge);
    bridge = null;
    await until("the printer to show offline", async () => ((await printerNow()).status.state === "offline" ? true : undefined)).catch(withOutput);

    const created = await postJson(hub, "/api/jobs", { designId, printerId: printer.id }, token);
    expect(created.status).toBe(201);
    const queued = (await created.json()) as Job;
    expect(queued.state).toBe("accepted");
    expect((await job(queued.id)).state).toBe("accepted");
    expect((await printerNow()).status.state).toBe("offline");

    // The bridge sends again the events of the first job the hub applied before its restart, with the
    // same event ids — as it does when the hub applied them but died before acknowledging.
    const statePath = join(stateDir, "bridge-state.json");
    const state = JSON.parse(await readFile(statePath, "utf8")) as BridgeStateOnDisk;
    const resent = processedEvents(join(dataDir, "hub", "peerfab.sqlite"), printedJob).map((event) => ({
      ...event,
      printerLocalId: "slow-virtual",
      message: null,
    }));
    expect(resent.map((e) => e.type)).toEqual(["started", "completed"]);
    state.pendingEvents.push(...resent);
    await writeFile(statePath, JSON.stringify(state));
    const updatesBefore = jobUpdates.length;

    await startBridge(0);
    const delivered = await until("the job queued while offline to end", ended(queued.id)).catch(withOutput);
    expectCompleted(delivered);
    expect(delivered.history.map((t) => [t.from, t.to, t.actor])).toEqual([
      [null, "accepted", "maker"],
      ["accepted", "printing", "bridge"],
      ["printing", "completed", "bridge"],
    ]);
    // The same printer (the bridge kept its identity), and every command of both jobs exactly once.
    expect(delivered.printerId).toBe(printer.id);
    const commands = gcodeCommands(gcode.toString("utf8"));
    expect(await acceptedCommands()).toEqual([...commands, ...commands]);

    // The events sent again were acknowledged (the bridge dropped them) and changed nothing.
    await until("the bridge to drop the events sent again", async () => {
      const now = JSON.parse(await readFile(statePath, "utf8")) as BridgeStateOnDisk;
      return now.pendingEvents.length === 0 ? true : undefined;
    }).catch(withOutput);
    expect(await job(printedJob.id)).toEqual(printedJob);
    expect(jobUpdates.slice(updatesBefore).filter((u) => u.value.id === printedJob.id)).toEqual([]);
    expect(bridgeOutput()).not.toMatch(/hub rejected a job event/);
  }, 120_000);
});

/**
 * The bridge events the hub recorded as applied for `job`, oldest first, typed by the transition
 * each made (read from the hub's SQLite file: the API does not show event ids).
 */
function processedEvents(databasePath: string, job: Job): { eventId: string; jobId: string; type: string; linesDone: number; at: string }[] {
  const db = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT event_id, processed_at FROM processed_events WHERE job_id = ? ORDER BY processed_at").all(job.id) as { event_id: string; processed_at: string }[];
    const typeOf: Partial<Record<JobState, string>> = { printing: "started", completed: "completed" };
    return rows.map((row) => {
      const transition = job.history.find((t) => t.at === row.processed_at);
      return { eventId: row.event_id, jobId: job.id, type: (transition && typeOf[transition.to]) ?? "unknown", linesDone: transition?.to === "completed" ? job.linesDone : 0, at: row.processed_at };
    });
  } finally {
    db.close();
  }
}
