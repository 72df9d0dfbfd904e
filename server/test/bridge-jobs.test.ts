import { createHash } from "node:crypto";
import type { Ack, BrowserToHubEvents, DesignCreated, HubToBrowserEvents, Job, JobEvent, Printer, PrinterStatus } from "@peerfab/protocol";
import { gcodeCommands } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectError, FakeBridge } from "./fake-bridge.ts";
import { apiError, getJson, postJson, printFixture, send, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

describe("jobs through a bridge", () => {
  let hub: TestHub;
  let design: DesignCreated;
  let bridge: FakeBridge;
  let printerId: string;
  let browser: Socket<HubToBrowserEvents, BrowserToHubEvents>;
  const relayedStatuses: PrinterStatus[] = [];
  const relayedJobs: Job[] = [];
  let gcode: Buffer;

  const createJob = async (): Promise<Job> => {
    const response = await postJson(hub, "/api/jobs", { designId: design.id, printerId });
    expect(response.status).toBe(201);
    return (await response.json()) as Job;
  };
  const job = (id: string) => getJson<Job>(hub, `/api/jobs/${id}`);
  /** The operator confirms the last print was taken off the bed (the next job waits until then). */
  const clearBed = async () => expect((await send(hub, `/api/printers/${printerId}/bed-clear`, { method: "POST" })).status).toBe(200);

  beforeAll(async () => {
    hub = await startTestHub();
    gcode = await printFixture("cube-10mm.gcode");
    const response = await upload(hub, {
      file: { bytes: await stlFixture("cube-binary.stl"), name: "cube.stl" },
      gcode: { bytes: gcode, name: "cube.gcode" },
      fields: { title: "Cube" },
    });
    design = (await response.json()) as DesignCreated;
    // Watches as the printer's owner (the local account), as its browser would.
    browser = io(hub.url, { auth: { token: hub.bridgeToken }, transports: ["websocket"], forceNew: true });
    browser.on("printer:status", (s) => relayedStatuses.push(s));
    browser.on("job:updated", (j) => relayedJobs.push(j));
    await new Promise<void>((resolve) => browser.once("connect", () => resolve()));
  });

  afterAll(async () => {
    bridge?.close();
    browser?.close();
    await hub?.dispose();
  });

  it("refuses a bridge without a valid token, saying what to do", async () => {
    expect((await connectError(hub.url, { token: "pf_not-a-token" })).message).toMatch(/token is not valid.*bridge-token/);
    expect((await connectError(hub.url, {})).message).toMatch(/no API token.*--token-file/);
  });

  it("registers the bridge's printer and relays its status", async () => {
    bridge = new FakeBridge(hub.url, hub.bridgeToken);
    await bridge.connected();
    const ack = await bridge.hello();
    if (!ack.ok) throw new Error(ack.detail);
    expect(ack.printers).toHaveLength(1);
    printerId = ack.printers[0]?.printerId ?? "";

    const status: PrinterStatus = { printerId, state: "idle", temperatures: { tools: [{ actual: 21, target: 0 }], bed: null }, progress: null, message: null, at: new Date().toISOString() };
    bridge.socket.emit("printer:status", status);
    const printer = await until("the printer to be idle", async () => {
      const printers = await getJson<Printer[]>(hub, "/api/printers");
      return printers.find((p) => p.id === printerId && p.status.state === "idle");
    });
    expect(printer).toMatchObject({ name: "Virtual MK1", ownerId: "usr_local", capabilities: { virtual: true } });
    await until("the browser to see the status", () => relayedStatuses.find((s) => s.printerId === printerId && s.state === "idle"));
    expect(await getJson<Printer>(hub, `/api/printers/${printerId}`)).toMatchObject({ id: printerId });

    const snapshot = await browser.emitWithAck("dashboard:sync");
    expect(snapshot.printers.map((p) => p.id)).toContain(printerId);
  });

  it("validates job requests field by field", async () => {
    const invalid = await postJson(hub, "/api/jobs", { designId: "", quantity: 0 });
    expect(invalid.status).toBe(400);
    const detail = (await apiError(invalid)).detail;
    expect(detail).toMatch(/designId/);
    expect(detail).toMatch(/printerId/);
    expect(detail).toMatch(/quantity/);

    const noDesign = await postJson(hub, "/api/jobs", { designId: "dsn_missing", printerId });
    expect(noDesign.status).toBe(404);
    const noPrinter = await postJson(hub, "/api/jobs", { designId: design.id, printerId: "prn_missing" });
    expect(noPrinter.status).toBe(404);

    const meshOnly = (await (await upload(hub, { file: { bytes: await stlFixture("cube-ascii.stl"), name: "mesh-only.stl" } })).json()) as DesignCreated;
    const noGcode = await postJson(hub, "/api/jobs", { designId: meshOnly.id, printerId });
    expect(noGcode.status).toBe(409);
    expect((await apiError(noGcode)).detail).toMatch(/slicing comes with the bridge slicer; attach a G-code file/i);
  });

  it("dispatches a job, serves its G-code to the token holder only, and records every transition", async () => {
    const created = await createJob();
    expect(created).toMatchObject({ state: "accepted", printerId, designTitle: "Cube", material: "PLA", quantity: 1, linesDone: 0 });
    // The hub counts (streaming, 64 KB chunks: this 72 KB file spans two) exactly what the bridge will send.
    expect(created.linesTotal).toBe(gcodeCommands(gcode.toString("utf8")).length);

    const dispatch = await until("the job to be dispatched", () => bridge.dispatches.find((d) => d.jobId === created.id));
    expect(dispatch.gcodeSha256).toBe(createHash("sha256").update(gcode).digest("hex"));
    expect(dispatch.fromOwner).toBe(true); // the printer owner's own job: the bridge's safety policy lets its commands through

    expect((await fetch(`${hub.url}${dispatch.gcodePath}`)).status).toBe(401);
    expect((await fetch(`${hub.url}${dispatch.gcodePath}`, { headers: { authorization: "Bearer pf_wrong" } })).status).toBe(401);
    const download = await fetch(`${hub.url}${dispatch.gcodePath}`, { headers: { authorization: `Bearer ${hub.bridgeToken}` } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(gcode)).toBe(true);

    expect(await bridge.event(created.id, printerId, "started", 0, "evt-started-1")).toEqual({ ok: true });
    expect(await bridge.event(created.id, printerId, "started", 0, "evt-started-1")).toEqual({ ok: true });

    const invalid = (await bridge.socket.emitWithAck("job:event", { jobId: created.id } as unknown as JobEvent)) as Ack;
    expect(invalid).toMatchObject({ ok: false, error: "invalid-payload" });
    if (!invalid.ok) expect(invalid.detail).toMatch(/eventId/);

    // Reporting the state the job is already in is harmless (e.g. an event flushed after hello reconciled it).
    const sameState = await bridge.event(created.id, printerId, "resumed");
    expect(sameState).toEqual({ ok: true });

    expect(await bridge.event(created.id, printerId, "completed", created.linesTotal)).toEqual({ ok: true });
    const wrong = await bridge.event(created.id, printerId, "started");
    expect(wrong).toMatchObject({ ok: false, error: "transition-refused" });
    if (!wrong.ok) expect(wrong.detail).toMatch(/completed cannot become printing/);
    const finished = await job(created.id);
    expect(finished).toMatchObject({ state: "completed", linesDone: created.linesTotal });
    expect(finished.history.map((t) => [t.from, t.to, t.actor])).toEqual([
      [null, "accepted", "maker"],
      ["accepted", "printing", "bridge"],
      ["printing", "completed", "bridge"],
    ]);
    await until("the browser to see the job completed", () => relayedJobs.find((j) => j.id === created.id && j.state === "completed"));
    await clearBed();
  });

  it("prints a printer's accepted jobs one after another, oldest first", async () => {
    const first = await createJob();
    const second = await createJob();
    await until("the first job to be dispatched", () => bridge.dispatches.find((d) => d.jobId === first.id));
    expect(await bridge.event(first.id, printerId, "started")).toEqual({ ok: true });
    expect(bridge.dispatches.some((d) => d.jobId === second.id)).toBe(false);
    expect(await bridge.event(first.id, printerId, "completed", first.linesTotal)).toEqual({ ok: true });
    // The finished part is on the bed: nothing starts until the operator says the bed is clear.
    expect((await getJson<Printer>(hub, `/api/printers/${printerId}`)).needsBedClear).toBe(true);
    expect((await bridge.socket.emitWithAck("job:event", {} as JobEvent)).ok).toBe(false); // a round trip: the hub had its chance to dispatch
    expect(bridge.dispatches.some((d) => d.jobId === second.id)).toBe(false);
    await clearBed();
    expect((await getJson<Printer>(hub, `/api/printers/${printerId}`)).needsBedClear).toBe(false);
    await until("the second job to be dispatched", () => bridge.dispatches.find((d) => d.jobId === second.id));
    expect(await bridge.event(second.id, printerId, "started")).toEqual({ ok: true });
    expect(await bridge.event(second.id, printerId, "completed", second.linesTotal)).toEqual({ ok: true });
    await clearBed();
  });

  it("cancels a waiting job at once and asks the bridge to stop a running one", async () => {
    const running = await createJob();
    const waiting = await createJob();
    await until("dispatch", () => bridge.dispatches.find((d) => d.jobId === running.id));
    expect(await bridge.event(running.id, printerId, "started")).toEqual({ ok: true });

    const cancelWaiting = await send(hub, `/api/jobs/${waiting.id}/cancel`, { method: "POST" });
    expect(cancelWaiting.status).toBe(200);
    expect(((await cancelWaiting.json()) as Job).state).toBe("cancelled");

    const cancelRunning = await send(hub, `/api/jobs/${running.id}/cancel`, { method: "POST" });
    expect(cancelRunning.status).toBe(202);
    expect(bridge.controls).toContainEqual({ jobId: running.id, printerId, action: "cancel" });
    expect(await bridge.event(running.id, printerId, "cancelled", 10)).toEqual({ ok: true });
    expect((await job(running.id)).state).toBe("cancelled");
    await clearBed();

    const again = await send(hub, `/api/jobs/${running.id}/cancel`, { method: "POST" });
    expect(again.status).toBe(409);
    expect((await apiError(again)).detail).toMatch(/already cancelled/);
  });

  it("pauses and resumes a print through its bridge, and refuses both when the job is not in the right state", async () => {
    const printing = await createJob();
    await until("dispatch", () => bridge.dispatches.find((d) => d.jobId === printing.id));

    const tooEarly = await send(hub, `/api/jobs/${printing.id}/pause`, { method: "POST" });
    expect(tooEarly.status).toBe(409);
    expect((await apiError(tooEarly)).detail).toMatch(/is accepted; only a printing job can be paused/);

    expect(await bridge.event(printing.id, printerId, "started")).toEqual({ ok: true });
    const pause = await send(hub, `/api/jobs/${printing.id}/pause`, { method: "POST" });
    expect(pause.status).toBe(202);
    expect(bridge.controls).toContainEqual({ jobId: printing.id, printerId, action: "pause" });
    expect(await bridge.event(printing.id, printerId, "paused", 5)).toEqual({ ok: true });
    expect((await job(printing.id)).state).toBe("paused");

    const pauseAgain = await send(hub, `/api/jobs/${printing.id}/pause`, { method: "POST" });
    expect(pauseAgain.status).toBe(409);

    const resume = await send(hub, `/api/jobs/${printing.id}/resume`, { method: "POST" });
    expect(resume.status).toBe(202);
    expect(bridge.controls).toContainEqual({ jobId: printing.id, printerId, action: "resume" });
    expect(await bridge.event(printing.id, printerId, "resumed", 5)).toEqual({ ok: true });
    expect((await job(printing.id)).state).toBe("printing");
    expect(await bridge.event(printing.id, printerId, "completed", printing.linesTotal)).toEqual({ ok: true });
    await clearBed();
  });

  it("marks the printer offline on disconnect, keeps its job, and reconciles on reconnect", async () => {
    const printing = await createJob();
    await until("dispatch", () => bridge.dispatches.find((d) => d.jobId === printing.id));
    expect(await bridge.event(printing.id, printerId, "started")).toEqual({ ok: true });
    const queued = await createJob();

    bridge.close();
    await until("the printer to go offline", async () => (await getJson<Printer>(hub, `/api/printers/${printerId}`)).status.state === "offline" || undefined);
    expect((await job(printing.id)).state).toBe("printing");

    // The print finished while the hub could not hear it; the bridge says so on reconnect.
    bridge = new FakeBridge(hub.url, hub.bridgeToken);
    await bridge.connected();
    const ack = await bridge.hello([{ jobId: printing.id, printerLocalId: "vp1", state: "completed", linesDone: printing.linesTotal, message: null }]);
    expect(ack.ok && ack.printers[0]?.printerId).toBe(printerId);
    const reconciled = await job(printing.id);
    expect(reconciled.state).toBe("completed");
    expect(reconciled.history.at(-1)).toMatchObject({ to: "completed", actor: "bridge" });
    await clearBed();

    // The queued job is sent to the reconnected bridge.
    await until("the queued job to be dispatched after reconnect", () => bridge.dispatches.find((d) => d.jobId === queued.id));
    expect(await bridge.event(queued.id, printerId, "started")).toEqual({ ok: true });

    // A bridge that comes back without a job it was printing lost it: the hub records it failed.
    bridge.close();
    await until("the printer to go offline again", async () => (await getJson<Printer>(hub, `/api/printers/${printerId}`)).status.state === "offline" || undefined);
    bridge = new FakeBridge(hub.url, hub.bridgeToken);
    await bridge.connected();
    expect((await bridge.hello([])).ok).toBe(true);
    const lost = await job(queued.id);
    expect(lost.state).toBe("failed");
    expect(lost.history.at(-1)).toMatchObject({ from: "printing", to: "failed", actor: "hub" });
    expect(lost.message).toMatch(/start a new job/);
  });

  it("lists jobs newest first", async () => {
    const list = await getJson<{ jobs: Job[] }>(hub, "/api/jobs");
    const ids = list.jobs.map((j) => j.id);
    expect(ids).toEqual([...ids].sort().reverse());
    const missing = await send(hub, "/api/jobs/job_missing");
    expect(missing.status).toBe(404);
  });
});
