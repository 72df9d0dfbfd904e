/**
 * hub-link and startBridge against a tiny real socket.io hub speaking the protocol event maps,
 * with a virtual printer behind the real serial stack.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrinterCapabilitiesSchema } from "@peerfab/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBridge, type RunningBridge } from "../src/bridge.ts";
import { virtualPrinterConfig } from "../src/config.ts";
import { dispatch, type FakeHub, startFakeHub, TOKEN, until } from "./fake-hub.ts";
import { generatedProgram } from "./support.ts";

describe("hub link", () => {
  let dir: string;
  let hub: FakeHub;
  let bridge: RunningBridge | null = null;
  const gcode = `; generated\n${generatedProgram(800).join("\n")}\n`;
  const sha = createHash("sha256").update(gcode).digest("hex");

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-bridge-"));
    hub = await startFakeHub(gcode);
  });

  afterEach(async () => {
    await bridge?.close();
    bridge = null;
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("says hello with capabilities, prints a dispatched job once, and reports it", async () => {
    const log = join(dir, "accepted.log");
    bridge = await startBridge({ hubUrl: hub.url, token: TOKEN, stateDir: join(dir, "state"), printers: [virtualPrinterConfig(log)] });
    const hello = await until("hello", () => hub.hellos[0]);
    expect(hello.printers[0]).toMatchObject({
      localId: "virtual-1",
      capabilities: { virtual: true, buildVolume: { x: 220, y: 220, z: 250 }, firmwareCaps: { AUTOREPORT_TEMP: true } },
    });
    expect(hello.printers[0]?.capabilities.firmware).toMatch(/Marlin/);
    expect(hello.printers[0]?.capabilities.firmwareFlavour).toBe("marlin");
    expect(PrinterCapabilitiesSchema.parse(hello.printers[0]?.capabilities)).toMatchObject({ firmwareFlavour: "marlin" });
    await until("idle status", () => hub.statuses.find((s) => s.printerId === "hub-virtual-1" && s.state === "idle"));

    expect(await dispatch(hub, "job-1", sha)).toEqual({ ok: true });
    expect(await dispatch(hub, "job-1", sha)).toEqual({ ok: true }); // repeated dispatch: acked, not started twice
    const busy = await dispatch(hub, "job-2", sha);
    expect(busy).toMatchObject({ ok: false, error: "printer-busy" });

    await until("completed event", () => hub.events.find((e) => e.type === "completed"), 120);
    expect(hub.events.map((e) => [e.jobId, e.type])).toEqual([
      ["job-1", "started"],
      ["job-1", "completed"],
    ]);
    expect(hub.events[1]?.linesDone).toBe(800);
    expect(hub.downloads).toEqual(["/gcode/job-1"]);
    const accepted = (await readFile(log, "utf8")).split("\n").filter(Boolean);
    expect(accepted).toEqual(generatedProgram(800));
    expect(hub.statuses.some((s) => s.progress && s.progress.fraction > 0 && s.progress.fraction < 1)).toBe(true);
    expect(hub.statuses.some((s) => (s.temperatures?.tools[0]?.actual ?? 0) > 150)).toBe(true);
  }, 180_000);

  it("refuses G-code whose sha256 does not match", async () => {
    bridge = await startBridge({ hubUrl: hub.url, token: TOKEN, stateDir: join(dir, "state"), printers: [virtualPrinterConfig()] });
    await until("idle status", () => hub.statuses.find((s) => s.state === "idle"));
    const ack = await dispatch(hub, "job-bad", "0".repeat(64));
    expect(ack).toMatchObject({ ok: false, error: "checksum-mismatch" });
  }, 60_000);

  it("keeps printing while the hub is away and delivers unacknowledged events after reconnecting", async () => {
    bridge = await startBridge({ hubUrl: hub.url, token: TOKEN, stateDir: join(dir, "state"), printers: [virtualPrinterConfig()] });
    await until("idle status", () => hub.statuses.find((s) => s.state === "idle"));
    hub.ackEvents = false;
    expect(await dispatch(hub, "job-away", sha)).toEqual({ ok: true });
    // The hub goes away mid-print.
    hub.bridge()?.disconnect(true);
    const printer = bridge.printers[0];
    await until("the print to finish without the hub", () => printer?.job === null && printer.state === "idle", 120);
    // The state file is saved asynchronously after each event: wait for the save that follows `completed`.
    const pendingTypes = async () => {
      const state = JSON.parse(await readFile(join(dir, "state", "bridge-state.json"), "utf8")) as { pendingEvents: { type: string }[] };
      return state.pendingEvents.map((e) => e.type);
    };
    let saved = await pendingTypes();
    for (let tries = 0; saved.length < 2 && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      saved = await pendingTypes();
    }
    expect(saved).toEqual(["started", "completed"]);
    hub.ackEvents = true;
    // socket.io-client reconnects on its own after a server-side disconnect only if asked to: reconnect through a fresh hello.
    await until("events delivered after reconnect", () => hub.events.some((e) => e.type === "completed"), 60);
    expect(hub.events.filter((e) => e.jobId === "job-away").map((e) => e.type)).toEqual(["started", "completed"]);
  }, 180_000);
});
