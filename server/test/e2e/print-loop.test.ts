/**
 * The walking skeleton end to end, with real processes: a hub on a free port and a temp data dir, a
 * printer-bridge child process with the virtual printer, a socket.io client watching like the
 * browser does. Upload an STL with its G-code, create a job, and check that the virtual printer
 * accepted exactly the file's commands, once each, in order.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  BrowserToHubEvents,
  DesignCreated,
  HubToBrowserEvents,
  Job,
  Printer,
  PrinterStatus,
} from "@peerfab/protocol";
import { launchBridgeProcess, stopBridgeProcess } from "@peerfab/printer-bridge/launch";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Hub, startHub } from "../../src/index.ts";
import { gcodeCommands, until } from "./support.ts";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const fixture = (name: string) => join(repo, "fixtures", "print", name);

describe("design to printed job, end to end", () => {
  let dataDir: string;
  let hub: Hub;
  let bridge: ChildProcess;
  let bridgeOutput = "";
  let browser: Socket<HubToBrowserEvents, BrowserToHubEvents>;
  const statuses: PrinterStatus[] = [];
  const jobUpdates: Job[] = [];
  let acceptedLog: string;
  /** The local owner account's API token, as its bridge uses it. */
  const asOwner = () => ({ authorization: `Bearer ${hub.bridgeToken}` });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "peerfab-e2e-"));
    acceptedLog = join(dataDir, "virtual-printer-accepted.log");
    hub = await startHub({ port: 0, host: "127.0.0.1", dataDir, webDir: null, seedDir: null });
    bridge = launchBridgeProcess({
      hubUrl: hub.url,
      tokenFile: join(dataDir, "bridge-token"),
      stateDir: join(dataDir, "bridge"),
      virtual: true,
      virtualLog: acceptedLog,
    });
    bridge.stdout?.on("data", (d: Buffer) => (bridgeOutput += d.toString()));
    bridge.stderr?.on("data", (d: Buffer) => (bridgeOutput += d.toString()));
    // Watches as the printer's owner: the local account, through its API token.
    browser = io(hub.url, { transports: ["websocket"], auth: { token: hub.bridgeToken } });
    browser.on("printer:status", (s) => statuses.push(s));
    browser.on("job:updated", (j) => jobUpdates.push(j));
  }, 60_000);

  afterAll(async () => {
    browser?.close();
    if (bridge) await stopBridgeProcess(bridge);
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("prints an uploaded design on the virtual printer and shows it live", async () => {
    const printer = await until(
      "the bridge to register an idle virtual printer",
      async () => {
        const printers = (await (await fetch(`${hub.url}/api/printers`, { headers: asOwner() })).json()) as Printer[];
        return printers.find((p) => p.status.state === "idle");
      },
      60,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nbridge output:\n${bridgeOutput}`);
    });
    expect(printer.capabilities.virtual).toBe(true);
    expect(printer.capabilities.firmware).toMatch(/Marlin/);

    const stl = await readFile(fixture("cube-10mm.stl"));
    const gcode = await readFile(fixture("cube-10mm.gcode"));
    const form = new FormData();
    form.set("file", new Blob([stl]), "cube-10mm.stl");
    form.set("gcode", new Blob([gcode]), "cube-10mm.gcode");
    form.set("title", "Ten millimetre cube");
    form.set("license", "CC0-1.0");
    const upload = await fetch(`${hub.url}/api/designs`, { method: "POST", body: form, headers: asOwner() });
    expect(upload.status).toBe(201);
    const created = (await upload.json()) as DesignCreated;
    expect(created.triangles).toBe(12);
    const size = {
      x: created.bbox.max.x - created.bbox.min.x,
      y: created.bbox.max.y - created.bbox.min.y,
      z: created.bbox.max.z - created.bbox.min.z,
    };
    expect(size.x).toBeCloseTo(10, 3);
    expect(size.y).toBeCloseTo(10, 3);
    expect(size.z).toBeCloseTo(10, 3);

    const original = await fetch(`${hub.url}/api/designs/${created.id}/files/cube-10mm.stl`);
    expect(Buffer.from(await original.arrayBuffer()).equals(stl)).toBe(true);

    const jobResponse = await fetch(`${hub.url}/api/jobs`, {
      method: "POST",
      headers: { ...asOwner(), "content-type": "application/json" },
      body: JSON.stringify({ designId: created.id, printerId: printer.id }),
    });
    expect(jobResponse.status).toBe(201);
    const job = (await jobResponse.json()) as Job;
    expect(job.state).toBe("accepted");

    const finished = await until(
      "the job to end",
      () => jobUpdates.find((j) => j.id === job.id && ["completed", "failed", "cancelled"].includes(j.state)),
      180,
    );
    // Compared as an object so a failure shows the bridge's reason next to the state.
    expect({ state: finished.state, message: finished.message }).toMatchObject({ state: "completed" });

    const commands = gcodeCommands(gcode.toString("utf8"));
    const accepted = (await readFile(acceptedLog, "utf8")).split("\n").filter((l) => l.length > 0);
    expect(accepted).toEqual(commands);

    // The hub relayed live telemetry to the browser: progress part-way and heated temperatures.
    const progressed = statuses.filter((s) => s.progress?.jobId === job.id);
    expect(progressed.some((s) => (s.progress?.fraction ?? 0) > 0 && (s.progress?.fraction ?? 1) < 1)).toBe(true);
    expect(statuses.some((s) => (s.temperatures?.tools[0]?.actual ?? 0) > 150)).toBe(true);

    // Every transition was persisted with its actor, in order.
    const stored = (await (await fetch(`${hub.url}/api/jobs/${job.id}`, { headers: asOwner() })).json()) as Job;
    expect(stored.state).toBe("completed");
    expect(stored.linesDone).toBe(commands.length);
    expect(stored.history.map((t) => [t.to, t.actor])).toEqual([
      ["accepted", "maker"],
      ["printing", "bridge"],
      ["completed", "bridge"],
    ]);
  }, 240_000);
});
