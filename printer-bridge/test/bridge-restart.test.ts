/**
 * A bridge process killed mid-print (SIGKILL: no cleanup at all) and a new bridge started on the
 * same state directory: the new one knows which job was printing and at which line, and the hub
 * receives the failed report with that line.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBridge, type RunningBridge } from "../src/bridge.ts";
import { launchBridgeProcess, stopBridgeProcess } from "../src/launch.ts";
import { startVirtualPty, type VirtualPty } from "../src/virtual/pty.ts";
import { dispatch, type FakeHub, startFakeHub, TOKEN, until } from "./fake-hub.ts";
import { ptyPrinterConfig } from "./pty-support.ts";
import { generatedProgram } from "./support.ts";

interface StateFile {
  jobs: { jobId: string; state: string; linesDone: number }[];
}

const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe("bridge restart after a crash", () => {
  it("reports the interrupted job failed at the last line it persisted", async () => {
    const dir = await mkdtemp(join(tmpdir(), "peerfab-restart-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const pty: VirtualPty = await startVirtualPty({});
    cleanup.push(() => pty.close());
    const gcode = `${generatedProgram(20_000).join("\n")}\n`;
    const sha = createHash("sha256").update(gcode).digest("hex");
    const hub: FakeHub = await startFakeHub(gcode);
    cleanup.push(() => hub.close());

    const stateDir = join(dir, "state");
    const tokenFile = join(dir, "token");
    const config = join(dir, "printers.json");
    await writeFile(tokenFile, TOKEN);
    await writeFile(config, JSON.stringify([ptyPrinterConfig("pty-1", pty.hostPath)]));
    const child = launchBridgeProcess({ hubUrl: hub.url, tokenFile, stateDir, config, env: { LOG_LEVEL: "warn" } });
    cleanup.push(() => stopBridgeProcess(child, 1_000));

    await until("the bridge process to say hello", () => hub.hellos[0], 60);
    await until("the printer to be idle", () => hub.statuses.find((s) => s.printerId === "hub-pty-1" && s.state === "idle"), 60);
    expect(await dispatch(hub, "job-crash", sha, "hub-pty-1")).toEqual({ ok: true });

    const statePath = join(stateDir, "bridge-state.json");
    const persisted = async () => (JSON.parse(await readFile(statePath, "utf8")) as StateFile).jobs.find((j) => j.jobId === "job-crash");
    let saved = 0;
    for (let i = 0; i < 600 && saved < 1000; i++) {
      saved = (await persisted())?.linesDone ?? 0;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(saved).toBeGreaterThanOrEqual(1000);

    // kill -9: nothing is flushed, closed or reported.
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
    const atCrash = await persisted();
    expect(atCrash?.state).toBe("printing");
    const lastLine = atCrash?.linesDone ?? -1;
    expect(lastLine).toBeGreaterThanOrEqual(saved);
    expect(lastLine).toBeLessThanOrEqual(pty.printer.accepted.length);
    expect(hub.events.map((e) => [e.jobId, e.type])).toEqual([["job-crash", "started"]]);

    const restarted: RunningBridge = await startBridge({
      hubUrl: hub.url,
      token: TOKEN,
      stateDir,
      printers: [ptyPrinterConfig("pty-1", pty.hostPath)],
    });
    cleanup.push(() => restarted.close());
    const failed = await until("the failed report", () => hub.events.find((e) => e.jobId === "job-crash" && e.type === "failed"), 60);
    expect(failed.linesDone).toBe(lastLine);
    expect(failed.message).toContain(`after line ${lastLine}`);
    expect(hub.hellos.at(-1)?.jobs).toContainEqual(expect.objectContaining({ jobId: "job-crash", state: "failed", linesDone: lastLine }));
    await until("the printer to be idle again", () => restarted.printers[0]?.state === "idle", 60);
  }, 120_000);
});
