/**
 * A printer that is not ready does not fail its job: a bridge refusing a dispatch as
 * `printer-busy` or `printer-offline` leaves the job queued with a "waiting: …" message, and the
 * hub sends it again when the printer reports idle or its bridge reconnects. Any other refusal
 * still fails the job. Real hub, real socket.io clients (FakeBridge, a watching browser).
 */
import type { BrowserToHubEvents, DesignCreated, HubToBrowserEvents, Job, JobEvent } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBridge } from "./fake-bridge.ts";
import { getJson, postJson, printFixture, send, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

describe("a dispatch refused because the printer is not ready", () => {
  let hub: TestHub;
  let design: DesignCreated;
  let bridge: FakeBridge;
  let printerId: string;
  let browser: Socket<HubToBrowserEvents, BrowserToHubEvents>;
  const relayedJobs: Job[] = [];

  const connectBridge = async (): Promise<FakeBridge> => {
    const fresh = new FakeBridge(hub.url, hub.bridgeToken, "waiting-bridge");
    await fresh.connected();
    const ack = await fresh.hello();
    if (!ack.ok) throw new Error(ack.detail);
    printerId = ack.printers[0]?.printerId ?? "";
    return fresh;
  };
  const createJob = async (): Promise<Job> => {
    const response = await postJson(hub, "/api/jobs", { designId: design.id, printerId });
    expect(response.status).toBe(201);
    return (await response.json()) as Job;
  };
  const job = (id: string) => getJson<Job>(hub, `/api/jobs/${id}`);
  const dispatchesOf = (jobId: string) => bridge.dispatches.filter((d) => d.jobId === jobId).length;
  /** A round trip on the bridge's socket: whatever the hub was going to send before it, it has sent. */
  const roundTrip = async () => expect((await bridge.socket.emitWithAck("job:event", {} as JobEvent)).ok).toBe(false);
  const printToTheEnd = async (printed: Job) => {
    expect(await bridge.event(printed.id, printerId, "started")).toEqual({ ok: true });
    expect(await bridge.event(printed.id, printerId, "completed", printed.linesTotal)).toEqual({ ok: true });
    expect((await send(hub, `/api/printers/${printerId}/bed-clear`, { method: "POST" })).status).toBe(200);
  };

  beforeAll(async () => {
    hub = await startTestHub();
    const response = await upload(hub, {
      file: { bytes: await stlFixture("cube-binary.stl"), name: "cube.stl" },
      gcode: { bytes: await printFixture("cube-10mm.gcode"), name: "cube.gcode" },
      fields: { title: "Cube" },
    });
    design = (await response.json()) as DesignCreated;
    // The maker's browser (the local account makes and owns here) watches its jobs.
    browser = io(hub.url, { auth: { token: hub.bridgeToken }, transports: ["websocket"], forceNew: true });
    browser.on("job:updated", (j) => relayedJobs.push(j));
    await new Promise<void>((resolve) => browser.once("connect", () => resolve()));
    bridge = await connectBridge();
    bridge.status(printerId, "idle");
  });

  afterAll(async () => {
    bridge?.close();
    browser?.close();
    await hub?.dispose();
  });

  it("keeps a job refused as busy queued, says why, and sends it again when the printer reports idle", async () => {
    // The owner is printing something locally: the bridge refuses, as a real one does.
    bridge.status(printerId, "printing", "printing from the SD card");
    bridge.answerDispatch = () => ({ ok: false, error: "printer-busy", detail: "Virtual MK1 is printing job local-1; wait for it to finish." });
    const created = await createJob();

    const waiting = await until("the refusal to be shown", async () => {
      const current = await job(created.id);
      return current.message ? current : undefined;
    });
    expect(waiting.state).toBe("accepted");
    expect(waiting.message).toMatch(/^waiting: the printer is busy.*printing job local-1/);
    await until("the maker's browser to see why", () => relayedJobs.find((j) => j.id === created.id && j.message === waiting.message));
    expect(waiting.history.map((t) => t.to)).toEqual(["accepted"]);

    // Status reports while it is still busy, and unrelated job updates, send nothing new.
    bridge.status(printerId, "printing", "printing from the SD card");
    await roundTrip();
    expect(dispatchesOf(created.id)).toBe(1);

    bridge.answerDispatch = () => ({ ok: true });
    bridge.status(printerId, "idle");
    await until("the job to be sent again", () => (dispatchesOf(created.id) === 2 ? true : undefined));
    const sent = await until("the waiting note to be cleared", async () => {
      const current = await job(created.id);
      return current.message === null ? current : undefined;
    });
    expect(sent.state).toBe("accepted");
    await printToTheEnd(created);
    expect((await job(created.id)).state).toBe("completed");
  });

  it("keeps a job refused as not ready queued and sends it again when the bridge reconnects", async () => {
    bridge.answerDispatch = () => ({ ok: false, error: "printer-offline", detail: "Virtual MK1 is offline (serial port closed); it cannot take a job now." });
    const created = await createJob();
    const waiting = await until("the refusal to be shown", async () => {
      const current = await job(created.id);
      return current.message ? current : undefined;
    });
    expect(waiting).toMatchObject({ state: "accepted" });
    expect(waiting.message).toMatch(/^waiting: the printer is not ready.*serial port closed/);

    bridge.close();
    bridge = await connectBridge();
    await until("the job to be sent to the reconnected bridge", () => bridge.dispatches.find((d) => d.jobId === created.id));
    await printToTheEnd(created);
    expect((await job(created.id)).state).toBe("completed");
  });

  it("still fails a job the bridge refuses for good", async () => {
    bridge.status(printerId, "idle");
    bridge.answerDispatch = () => ({ ok: false, error: "checksum-mismatch", detail: "The G-code's sha256 does not match the job." });
    const created = await createJob();
    const failed = await until("the job to fail", async () => {
      const current = await job(created.id);
      return current.state === "failed" ? current : undefined;
    });
    expect(failed.message).toMatch(/refused the job: The G-code's sha256 does not match/);

    // A later idle report does not bring a failed job back.
    bridge.answerDispatch = () => ({ ok: true });
    bridge.status(printerId, "printing");
    bridge.status(printerId, "idle");
    await roundTrip();
    expect(dispatchesOf(created.id)).toBe(1);
  });
});
