/**
 * G-code a bridge slices reaches the hub, end to end: a real hub, a real printer-bridge process
 * with the virtual printer and the real PrusaSlicer. The local owner sends a mesh-only
 * design to their own printer; the bridge slices and prints it, and the hub ends up with exactly
 * the G-code the printer accepted, recorded on the job and readable by the owner. A hub that
 * refuses the upload (here: over its size limit) costs the job its preview, never its print.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gcodeCommands, type Job, type Printer } from "@peerfab/protocol";
import { launchBridgeProcess, stopBridgeProcess } from "@peerfab/printer-bridge/launch";
import { afterEach, describe, expect, it } from "vitest";
import { getJson, postJson, repoRoot, send, startTestHub, type TestHub, upload } from "../helpers.ts";
import { collectOutput, until } from "./support.ts";

describe("sliced G-code from the bridge to the hub", () => {
  let hub: TestHub | null = null;
  let bridge: ChildProcess | null = null;
  let bridgeOutput = () => "";
  let dir = "";

  afterEach(async () => {
    if (bridge) await stopBridgeProcess(bridge);
    bridge = null;
    await hub?.dispose();
    hub = null;
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  /** A hub and a bridge with the virtual printer (the local owner's); a mesh-only job on it, printed to the end. */
  async function printMeshJob(maxUploadBytes?: number): Promise<{ hub: TestHub; job: Job; accepted: string[] }> {
    dir = await mkdtemp(join(tmpdir(), "peerfab-e2e-sliced-"));
    const started = await startTestHub(maxUploadBytes ? { maxUploadBytes } : {});
    hub = started;
    const acceptedLog = join(dir, "accepted.log");
    bridge = launchBridgeProcess({ hubUrl: started.url, tokenFile: join(started.dataDir, "bridge-token"), stateDir: join(dir, "bridge"), virtual: true, virtualLog: acceptedLog });
    bridgeOutput = collectOutput(bridge);
    const withOutput = (error: unknown): never => {
      throw new Error(`${String(error)}\nbridge output:\n${bridgeOutput()}`);
    };
    const printer = await until("the virtual printer to be idle", async () => (await getJson<Printer[]>(started, "/api/printers")).find((p) => p.status.state === "idle")).catch(withOutput);

    const stl = await readFile(join(repoRoot, "models", "calibration-cube.stl"));
    const uploaded = await upload(started, { file: { bytes: stl, name: "calibration-cube.stl" }, fields: { title: "Calibration cube" } });
    expect(uploaded.status).toBe(201);
    const design = (await uploaded.json()) as { id: string };
    const created = await postJson(started, "/api/jobs", { designId: design.id, printerId: printer.id, fileId: "calibration-cube.stl" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Job;
    const job = await until(
      "the print to end",
      async () => {
        const current = await getJson<Job>(started, `/api/jobs/${id}`);
        return ["completed", "failed", "cancelled"].includes(current.state) ? current : undefined;
      },
      120,
    ).catch(withOutput);
    expect({ state: job.state, message: job.message }).toEqual({ state: "completed", message: null });
    return { hub: started, job, accepted: (await readFile(acceptedLog, "utf8")).split("\n").filter(Boolean) };
  }

  it("records exactly the G-code the printer accepted on the job", { timeout: 150_000 }, async () => {
    const { hub, job, accepted } = await printMeshJob();
    const recorded = await until("the sliced G-code on the job", async () => (await getJson<Job>(hub, `/api/jobs/${job.id}`)).slicedGcode ?? undefined);
    const response = await send(hub, `/api/jobs/${job.id}/sliced-gcode`);
    expect(response.status).toBe(200);
    const gcode = await response.text();
    expect(gcodeCommands(gcode)).toEqual(accepted);
    expect(recorded.commands).toBe(accepted.length);
    expect(recorded.size).toBe(Buffer.byteLength(gcode));
    // The job's progress is counted against the sliced G-code's commands.
    const final = await getJson<Job>(hub, `/api/jobs/${job.id}`);
    expect({ linesDone: final.linesDone, linesTotal: final.linesTotal }).toEqual({ linesDone: accepted.length, linesTotal: accepted.length });
  });

  it("prints to the end when the hub refuses the G-code", { timeout: 150_000 }, async () => {
    // The model (684 bytes) fits the limit, the sliced G-code (about 100 KB) does not.
    const { hub, job, accepted } = await printMeshJob(16 * 1024);
    expect(accepted.length).toBeGreaterThan(0);
    expect(job.linesDone).toBe(accepted.length);
    expect((await getJson<Job>(hub, `/api/jobs/${job.id}`)).slicedGcode).toBeNull();
    expect((await send(hub, `/api/jobs/${job.id}/sliced-gcode`)).status).toBe(404);
    // The bridge heard the hub's 413, logged it and did not try again.
    await until("the bridge to log the refusal", () => (bridgeOutput().includes("the hub refused the sliced G-code") ? true : undefined));
    expect(bridgeOutput()).toMatch(/HTTP 413 .*gcode-too-large/);
  });
});
