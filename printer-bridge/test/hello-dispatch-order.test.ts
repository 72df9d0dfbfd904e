/**
 * A bridge that starts while the hub holds a job for its printer: the hub acknowledges the
 * bridge's hello and sends the queued job at once. When both arrive in one read (a busy machine),
 * socket.io hands the bridge the dispatch before code awaiting the hello's ack runs; the bridge
 * must already know its printers' hub ids then, or it refuses the job as "unknown-printer" and
 * the hub fails a job that should have printed.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ack } from "@peerfab/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningBridge, startBridge } from "../src/bridge.ts";
import { virtualPrinterConfig } from "../src/config.ts";
import { type FakeHub, startFakeHub, TOKEN, until } from "./fake-hub.ts";
import { generatedProgram } from "./support.ts";

describe("a job dispatched right behind the hello's ack", () => {
  let dir: string;
  let hub: FakeHub;
  let bridge: RunningBridge | null = null;
  const gcode = `${generatedProgram(50).join("\n")}\n`;
  const sha = createHash("sha256").update(gcode).digest("hex");

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-hello-dispatch-"));
    hub = await startFakeHub(gcode);
  });

  afterEach(async () => {
    await bridge?.close();
    bridge = null;
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("is taken, not refused as an unknown printer", async () => {
    const answers: Ack[] = [];
    // Runs after the fake hub's own hello handler has acknowledged: the dispatch leaves in the same
    // tick, so the bridge reads the ack and the dispatch together, as a hub under load sends them.
    hub.io.of("/bridge").on("connection", (socket) => {
      socket.on("bridge:hello", () => {
        socket.emit("job:dispatch", { jobId: "queued-job", printerId: "hub-virtual-1", gcodePath: "/gcode/queued-job", gcodeSha256: sha, fileName: "queued.gcode" }, (ack) => answers.push(ack));
      });
    });
    bridge = await startBridge({ hubUrl: hub.url, token: TOKEN, stateDir: join(dir, "state"), printers: [virtualPrinterConfig()], slicer: null });

    expect(await until("the bridge's answer to the dispatch", () => answers[0])).toEqual({ ok: true });
    await until("the job's completion", () => hub.events.find((e) => e.jobId === "queued-job" && e.type === "completed"));
    expect(hub.events.filter((e) => e.jobId === "queued-job").map((e) => e.type)).toEqual(["started", "completed"]);
  }, 60_000);
});
