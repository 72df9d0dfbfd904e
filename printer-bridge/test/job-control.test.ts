/** Pause (park script), resume (restore position and temperatures), cancel (end script), timeouts. */
import { describe, expect, it } from "vitest";
import { decodeLine } from "../src/marlin/line-codec.ts";
import { PositionTracker } from "../src/marlin/position-tracker.ts";
import { END_SCRIPT, PrinterConnection } from "../src/printer/printer-connection.ts";
import { answerHandshake, FakeSerialLine } from "./fake-serial-line.ts";

const M115 = ["FIRMWARE_NAME:Marlin 2.1.2.1 (Github) PROTOCOL_VERSION:1.0", "Cap:AUTOREPORT_TEMP:1", "Cap:EMERGENCY_PARSER:1"];
const PAUSE_SCRIPT = ["M104 S0", "G91", "G1 Z5", "G90", "G1 X0 Y200"];

function job(): string[] {
  const commands = ["G28", "M140 S60", "M104 S210", "G92 E0", "M83", "G1 Z0.3 F600"];
  for (let i = 0; i < 300; i++) commands.push(`G1 X${(10 + i / 10).toFixed(1)} Y${(20 + i / 20).toFixed(2)} E0.05 F1500`);
  return commands;
}

async function connected(options: ConstructorParameters<typeof PrinterConnection>[1] = {}): Promise<{ line: FakeSerialLine; connection: PrinterConnection }> {
  const line = new FakeSerialLine();
  answerHandshake(line, M115);
  const connection = new PrinterConnection(line, options);
  await connection.handshake();
  line.written.length = 0;
  return { line, connection };
}

function untilProgress(connection: PrinterConnection, lines: number): Promise<void> {
  return new Promise((resolve) => {
    const off = connection.on("progress", ({ linesDone }) => {
      if (linesDone >= lines) {
        off();
        resolve();
      }
    });
  });
}

const settle = () => new Promise((r) => setTimeout(r, 50));
const jobLine = (wire: string) => decodeLine(wire).lineNumber;

describe("pause, resume and cancel", () => {
  it("parks with the pause script only after the job lines in flight are acknowledged, then restores everything on resume", async () => {
    const { line, connection } = await connected({ pauseScript: PAUSE_SCRIPT });
    line.respond(() => setImmediate(() => line.say("ok")));
    const commands = job();
    const done = connection.print("job-pause", commands);
    await untilProgress(connection, 40);
    connection.pause();
    await settle();
    expect(connection.state).toBe("paused");
    const parkAt = line.written.indexOf(PAUSE_SCRIPT[0] ?? "");
    expect(line.written.slice(parkAt)).toEqual(PAUSE_SCRIPT); // nothing after the park while paused
    const lastSent = Math.max(...line.written.slice(0, parkAt).map((w) => jobLine(w) ?? 0));

    // What resume must bring back: the state after the last job line sent.
    const expected = new PositionTracker();
    for (const c of commands.slice(0, lastSent)) expected.observe(c);
    const restore = expected.resumeCommands({ pauseScript: PAUSE_SCRIPT });
    expect(restore).toContain("M109 S210"); // the pause script turned the hotend off
    expect(restore).toContain("M83");

    line.written.length = 0;
    connection.resume();
    const outcome = await done;
    expect(outcome.outcome).toBe("completed");
    expect(line.written.slice(0, restore.length)).toEqual(restore);
    expect(jobLine(line.written[restore.length] ?? "")).toBe(lastSent + 1);
    await connection.close();
  });

  it("just stops feeding when no pause script is configured, and feeds on after resume", async () => {
    const { line, connection } = await connected();
    line.respond(() => setImmediate(() => line.say("ok")));
    const done = connection.print("job-plain", job());
    await untilProgress(connection, 40);
    connection.pause();
    await settle();
    const whilePaused = line.written.length;
    await settle();
    expect(line.written.length).toBe(whilePaused);
    expect(line.written.every((w) => jobLine(w) !== null)).toBe(true);
    connection.resume();
    expect((await done).outcome).toBe("completed");
    await connection.close();
  });

  it("runs the default end script on cancel: heaters off, lift 5 mm, motors off", async () => {
    expect(END_SCRIPT).toEqual(["M104 S0", "M140 S0", "G91", "G1 Z5", "G90", "M84"]);
    const { line, connection } = await connected();
    line.respond(() => setImmediate(() => line.say("ok")));
    const done = connection.print("job-cancel", job());
    await untilProgress(connection, 40);
    connection.cancel();
    expect(await done).toMatchObject({ outcome: "cancelled" });
    await settle();
    expect(line.written.slice(-END_SCRIPT.length)).toEqual(END_SCRIPT);
    expect(connection.state).toBe("idle");
    await connection.close();
  });

  it("runs a configured end script instead", async () => {
    const endScript = ["M104 S0", "M140 S0", "G91", "G1 Z10", "G90", "G1 X0 Y220", "M84"];
    const { line, connection } = await connected({ endScript });
    line.respond(() => setImmediate(() => line.say("ok")));
    const done = connection.print("job-cancel-2", job());
    await untilProgress(connection, 10);
    connection.cancel();
    await done;
    await settle();
    expect(line.written.slice(-endScript.length)).toEqual(endScript);
    await connection.close();
  });
});

describe("communication timeout", () => {
  it("recovers a lost ok although autoreported temperatures keep arriving", async () => {
    const { line, connection } = await connected({ timeouts: { normalMs: 200 } });
    let answered = 0;
    line.respond((sent) => {
      answered++;
      if (answered === 3) return; // the ok for this line is lost
      setImmediate(() => line.say(jobLine(sent) === null ? "ok" : `ok N${jobLine(sent) ?? 0}`));
    });
    const reports = setInterval(() => line.say(" T:210.00 /210.00 B:60.00 /60.00 @:40 B@:0"), 20);
    const outcome = await connection.print("job-lost-ok", ["G1 X1", "G1 X2", "G1 X3", "G1 X4"]);
    clearInterval(reports);
    expect(outcome).toEqual({ outcome: "completed", linesDone: 4, message: null });
    await connection.close();
  });

  it("fails the job with the last acknowledged line when the port disappears", async () => {
    const { line, connection } = await connected();
    line.respond(() => setImmediate(() => line.say("ok")));
    const done = connection.print("job-unplugged", job());
    await untilProgress(connection, 40);
    line.unplug();
    const outcome = await done;
    expect(outcome.outcome).toBe("failed");
    expect(outcome.linesDone).toBeGreaterThanOrEqual(40);
    expect(outcome.message).toContain(`acknowledged line ${outcome.linesDone} of ${job().length}`);
    expect(connection.state).toBe("offline");
  });
});
