/**
 * The safety policy on the real path: the virtual printer behind the real serialport stack. A
 * refused job fails before any line reaches the printer, with its message as the job event (also
 * through a real socket.io hub link); the owner's own job with the same file prints; and a line
 * refused while streaming stops the job, unsent, with the heaters off.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startBridge, type RunningBridge } from "../src/bridge.ts";
import { virtualPrinterConfig } from "../src/config.ts";
import { AttachedPrinter, type PrinterJobEvent } from "../src/printer/attached-printer.ts";
import type { PrinterConnection } from "../src/printer/printer-connection.ts";
import { printGuarded } from "../src/safety/guarded-print.ts";
import { jobLines } from "../src/safety/job-lines.ts";
import { SafetyCheck } from "../src/safety/safety-check.ts";
import { resolveSafetyPolicy } from "../src/safety/safety-policy.ts";
import { dispatch, type FakeHub, startFakeHub, TOKEN, until } from "./fake-hub.ts";
import { connectVirtual } from "./support.ts";

const fixture = (name: string): Promise<string> => readFile(fileURLToPath(new URL(`../../fixtures/gcode/policy/${name}`, import.meta.url)), "utf8");
const M500_REFUSED =
  `line 14 of the file: "M500" saves the settings to EEPROM; this printer's policy refuses commands that change the machine ` +
  `in jobs from other makers (the printer's owner can allow M500 in printers.json).`;

let printer: AttachedPrinter | null = null;
let connection: PrinterConnection | null = null;
let bridge: RunningBridge | null = null;
let hub: FakeHub | null = null;
let dir: string | null = null;

afterEach(async () => {
  await printer?.close();
  await connection?.close();
  await bridge?.close();
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  printer = connection = bridge = hub = dir = null;
});

describe("a job the safety policy refuses", () => {
  it("fails before any line reaches the printer, with the line, command and rule as the job event; the owner's own job prints", async () => {
    const config = virtualPrinterConfig();
    const attached = new AttachedPrinter({ ...config, virtual: { heatingRate: 2000 } });
    printer = attached;
    const events: PrinterJobEvent[] = [];
    attached.on("jobEvent", (event) => events.push(event));
    await attached.start();
    expect(attached.state).toBe("idle");
    const gcode = await fixture("m500.gcode");

    const refused = await attached.print("job-stranger", gcode);
    const message = `The safety policy of PeerFab Virtual MK1 refused this job; nothing was sent to the printer: ${M500_REFUSED}`;
    expect(refused).toEqual({ outcome: "failed", linesDone: 0, message });
    expect(events).toEqual([{ jobId: "job-stranger", type: "failed", linesDone: 0, message }]);
    expect(attached.virtualPrinter?.accepted).toEqual([]);
    expect(attached.state).toBe("idle");
    expect(attached.job).toBeNull();
    expect(attached.knowsJob("job-stranger")).toBe(true);

    // The same file as the owner's own job: M500 is the owner's business.
    const own = await attached.print("job-own", gcode, { fromOwner: true });
    expect(own).toEqual({ outcome: "completed", linesDone: jobLines(gcode).commands.length, message: null });
    expect(attached.virtualPrinter?.accepted).toEqual(jobLines(gcode).commands);
  }, 60_000);

  it("reaches the hub as a failed job event, nothing sent to the printer, when the dispatch does not say the job is the owner's", async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-safety-"));
    const gcode = await fixture("hotend-too-hot.gcode");
    hub = await startFakeHub(gcode);
    const acceptedLog = join(dir, "accepted.log");
    bridge = await startBridge({ hubUrl: hub.url, token: TOKEN, stateDir: join(dir, "state"), printers: [virtualPrinterConfig(acceptedLog)] });
    const fakeHub = hub;
    await until("idle status", () => fakeHub.statuses.find((s) => s.state === "idle"));

    expect(await dispatch(fakeHub, "job-hot", createHash("sha256").update(gcode).digest("hex"))).toEqual({ ok: true });
    const failed = await until("the failed event", () => fakeHub.events.find((e) => e.jobId === "job-hot" && e.type === "failed"));
    expect(failed.message).toBe(
      `The safety policy of PeerFab Virtual MK1 refused this job; nothing was sent to the printer: ` +
        `line 14 of the file: "M104 S320" sets the hotend to 320 °C; this printer's policy allows at most 285 °C.`,
    );
    expect(failed.linesDone).toBe(0);
    expect(fakeHub.events.map((e) => e.type)).toEqual(["failed"]); // never "started"
    expect(existsSync(acceptedLog)).toBe(false); // the virtual printer accepted no line at all
  }, 60_000);
});

describe("the per-line check while streaming", () => {
  it("stops the job as failed before the refused line is sent, and turns the heaters off", async () => {
    const session = await connectVirtual({ heatingRate: 2000 });
    connection = session.connection;
    const gcode = await fixture("m500.gcode");
    const job = jobLines(gcode);
    const config = virtualPrinterConfig();
    // Streamed without the check before printing, as if the file had changed after it.
    const check = new SafetyCheck(resolveSafetyPolicy(config.buildVolume, config.safety), { fromOwner: false });
    const outcome = await printGuarded(session.connection, "job-late", job, check, config.name);

    const before = job.commands.indexOf("M500");
    expect(outcome).toMatchObject({
      outcome: "failed",
      message: `The safety policy of PeerFab Virtual MK1 stopped this job and turned the heaters off; the refused line was not sent: ${M500_REFUSED}`,
    });
    // Stopped as soon as the refused line was due: lines before it may still be in the firmware's queue.
    expect(outcome.linesDone).toBeLessThanOrEqual(before);
    await until("the end script and heaters off", () => session.printer().hotend.target === 0 && session.printer().bed.target === 0);
    const accepted = session.printer().accepted;
    expect(accepted.slice(0, before)).toEqual(job.commands.slice(0, before));
    expect(accepted).not.toContain("M500");
    expect(accepted).toHaveLength(before); // job lines only; the end script goes unnumbered
    expect(session.connection.state).toBe("idle");
  }, 60_000);
});
