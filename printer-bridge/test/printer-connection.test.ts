import { describe, expect, it } from "vitest";
import { generatedProgram, connectVirtual } from "./support.ts";

describe("PrinterConnection over the virtual binding", () => {
  it("learns firmware name and capabilities in the handshake", async () => {
    const { connection } = await connectVirtual();
    expect(connection.firmwareName).toBe("Marlin 2.1.2 (PeerFab virtual)");
    expect(connection.firmwareCaps["AUTOREPORT_TEMP"]).toBe(true);
    expect(connection.state).toBe("idle");
    await connection.close();
  }, 20_000);

  it.each(["window", "one-line"] as const)("streams every line once, in order, through 1 percent corrupted bytes in %s mode", async (windowMode) => {
    const { connection, printer } = await connectVirtual({ corruptByteProbability: 0.01, seed: 7 }, { windowMode });
    const commands = generatedProgram(1500);
    const progress: number[] = [];
    connection.on("progress", ({ linesDone }) => progress.push(linesDone));
    const outcome = await connection.print("job-1", commands);
    expect(outcome).toEqual({ outcome: "completed", linesDone: 1500, message: null });
    expect(printer().accepted).toEqual(commands);
    expect(progress.at(-1)).toBe(1500);
    expect(progress.every((v, i) => i === 0 || v >= (progress[i - 1] ?? 0))).toBe(true);
    await connection.close();
  }, 120_000);

  it("recovers from lost oks through the communication timeout", async () => {
    const { connection, printer } = await connectVirtual(
      { dropOkProbability: 0.01, seed: 3 },
      { timeouts: { normalMs: 300, longMs: 300 } },
    );
    const commands = generatedProgram(400);
    const outcome = await connection.print("job-ok", commands);
    expect(outcome.outcome).toBe("completed");
    expect(printer().accepted).toEqual(commands);
    await connection.close();
  }, 120_000);

  it("keeps going through busy bursts", async () => {
    const { connection, printer } = await connectVirtual({ busyBurstProbability: 0.05, processingMs: 1 });
    const commands = generatedProgram(300);
    expect((await connection.print("job-busy", commands)).outcome).toBe("completed");
    expect(printer().accepted).toEqual(commands);
    await connection.close();
  }, 60_000);

  it("fails the job on a thermal runaway and leaves the heaters off", async () => {
    const { connection, printer } = await connectVirtual({ haltAtLine: 200 });
    const outcome = await connection.print("job-halt", generatedProgram(1000));
    expect(outcome.outcome).toBe("failed");
    expect(outcome.message).toMatch(/Thermal Runaway|halted/);
    expect(connection.state).toBe("error");
    expect(printer().hotend.target).toBe(0);
    expect(printer().bed.target).toBe(0);
    await connection.close();
  }, 60_000);

  it("pauses (stops feeding), resumes, and cancels with the end script", async () => {
    const { connection, printer } = await connectVirtual({ processingMs: 2 });
    const commands = generatedProgram(3000);
    const done = connection.print("job-ctl", commands);
    await new Promise<void>((resolve) => {
      const off = connection.on("progress", ({ linesDone }) => {
        if (linesDone >= 100) {
          off();
          resolve();
        }
      });
    });
    connection.pause();
    expect(connection.state).toBe("paused");
    await new Promise((r) => setTimeout(r, 200));
    const whilePaused = printer().accepted.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(printer().accepted.length).toBe(whilePaused);
    connection.resume();
    expect(connection.state).toBe("printing");
    await new Promise((r) => setTimeout(r, 100));
    expect(printer().accepted.length).toBeGreaterThan(whilePaused);
    connection.cancel();
    const outcome = await done;
    expect(outcome.outcome).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 300));
    expect(printer().hotend.target).toBe(0);
    expect(printer().bed.target).toBe(0);
    expect(connection.state).toBe("idle");
    await connection.close();
  }, 60_000);

  it("fails the job when the firmware restarts mid-print", async () => {
    const { connection, printer } = await connectVirtual({ processingMs: 2 });
    const done = connection.print("job-reset", generatedProgram(2000));
    await new Promise((r) => setTimeout(r, 200));
    printer().reset();
    const outcome = await done;
    expect(outcome.outcome).toBe("failed");
    expect(outcome.message).toMatch(/restarted/);
    await connection.close();
  }, 60_000);

  it("emergency stop halts the printer at once", async () => {
    const { connection, printer } = await connectVirtual({ processingMs: 5 });
    const done = connection.print("job-estop", generatedProgram(2000));
    await new Promise((r) => setTimeout(r, 100));
    connection.emergencyStop();
    expect((await done).outcome).toBe("failed");
    await new Promise((r) => setTimeout(r, 50));
    expect(printer().halted).toBe(true);
    expect(connection.state).toBe("error");
    // The firmware's "Printer halted. kill() called!" confirms the stop; the operator still reads what to do.
    expect(connection.statusMessage).toMatch(/^Emergency stop: the printer halted/);
    await connection.close();
  }, 60_000);
});
