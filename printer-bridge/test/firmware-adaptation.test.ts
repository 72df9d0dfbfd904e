/** The bridge adapts to what M115 and the ok lines reveal: flavour, EMERGENCY_PARSER, ADVANCED_OK. */
import { describe, expect, it } from "vitest";
import { numberedLine } from "../src/marlin/line-codec.ts";
import { PrinterConnection } from "../src/printer/printer-connection.ts";
import { answerHandshake, FakeSerialLine } from "./fake-serial-line.ts";
import { connectVirtual, generatedProgram } from "./support.ts";

const MARLIN_M115 = [
  "FIRMWARE_NAME:Marlin 2.1.2.1 (Github) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 EXTRUDER_COUNT:1",
  "Cap:AUTOREPORT_TEMP:1",
  "Cap:EMERGENCY_PARSER:1",
];

async function until(what: string, probe: () => boolean, seconds = 30): Promise<void> {
  for (let i = 0; i < seconds * 50; i++) {
    if (probe()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("firmware flavours", () => {
  it("identifies Klipper from its ok line and polls M105 (no Cap: lines, no M155)", async () => {
    const line = new FakeSerialLine();
    answerHandshake(line, [], "FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396");
    const connection = new PrinterConnection(line, { temperatureIntervalSeconds: 0.05 });
    await connection.handshake();
    expect(connection.firmware).toMatchObject({ flavour: "klipper", version: "v0.12.0-85-gd785b396" });
    expect(line.written.some((l) => l.startsWith("M155"))).toBe(false);
    line.respond((sent) => queueMicrotask(() => line.say(sent === "M105" ? "ok B:60.0 /60.0 T0:210.1 /210.0" : "ok")));
    await until("a polled temperature", () => connection.temperatures !== null);
    expect(connection.temperatures).toEqual({ tools: [{ actual: 210.1, target: 210 }], bed: { actual: 60, target: 60 } });
    await connection.close();
  });

  it("streams to a virtual Klipper and reports its flavour", async () => {
    const { connection, printer } = await connectVirtual({ firmware: "klipper" }, { temperatureIntervalSeconds: 0.2 });
    expect(connection.firmware?.flavour).toBe("klipper");
    expect(connection.firmwareCaps).toEqual({});
    const commands = generatedProgram(500);
    expect((await connection.print("klipper-job", commands)).outcome).toBe("completed");
    expect(printer().accepted).toEqual(commands);
    await connection.close();
  }, 60_000);

  it.each(["window", "one-line"] as const)(
    "delivers every line once through 1 percent corruption to Prusa-Firmware, which flushes its buffer on each resend (%s mode configured)",
    async (windowMode) => {
      const { connection, printer } = await connectVirtual({ firmware: "prusa", corruptByteProbability: 0.01, seed: 5 }, { windowMode });
      expect(connection.firmware).toMatchObject({ flavour: "prusa", version: "3.13.3", machineType: "Prusa i3 MK3S" });
      const commands = generatedProgram(2000);
      const outcome = await connection.print("prusa-job", commands);
      expect(outcome).toEqual({ outcome: "completed", linesDone: 2000, message: null });
      expect(printer().accepted).toEqual(commands);
      // Lines sent ahead would be lost to each flush unanswered: one line in flight at a time.
      expect(connection.windowStats.peakBytesInFlight).toBeLessThanOrEqual(Math.max(...commands.map((c, i) => numberedLine(i + 1, c).length + 1)));
      expect(printer().rxOverflowBytes).toBe(0);
      await connection.close();
    },
    120_000,
  );
});

describe("EMERGENCY_PARSER", () => {
  it("writes M112 ahead of a full send window and fails the job", async () => {
    const line = new FakeSerialLine();
    answerHandshake(line, MARLIN_M115);
    const connection = new PrinterConnection(line);
    await connection.handshake();
    expect(connection.firmwareCaps["EMERGENCY_PARSER"]).toBe(true);
    line.respond(() => {}); // the firmware is busy: no ok comes back
    const done = connection.print("estop", generatedProgram(100));
    const sentBefore = line.written.length;
    expect(line.written.at(-1)).toMatch(/^N\d+ /); // the window is full of job lines
    connection.emergencyStop();
    expect(line.written.length).toBe(sentBefore + 1);
    expect(line.written.at(-1)).toBe("M112");
    expect(await done).toMatchObject({ outcome: "failed", message: "emergency stop (M112)" });
    expect(connection.state).toBe("error");
    await connection.close();
  });

  it("cancels during a long heat-up at once: M108 breaks the wait so the end script runs", async () => {
    const { connection, printer } = await connectVirtual({ heatingRate: 0.5 });
    const done = connection.print("heat", ["M104 S210", "M109 S210", "G28", "G1 X10 Y10"]);
    await until("the heat-up to start", () => printer().hotend.target === 210);
    connection.cancel();
    expect((await done).outcome).toBe("cancelled");
    // 376 s of heating at 0.5 °C/s would run out the test timeout without M108.
    await until("the end script to turn the hotend off", () => printer().hotend.target === 0);
    await connection.close();
  }, 30_000);
});

describe("ADVANCED_OK", () => {
  it("learns the command queue from `ok … B<free>` and keeps more in flight without overrunning the receive buffer", async () => {
    const { connection, printer } = await connectVirtual({ advancedOk: true, bufsize: 4, rxBufferSize: 128 });
    const commands = generatedProgram(3000);
    expect((await connection.print("advanced", commands)).outcome).toBe("completed");
    expect(connection.windowStats.queueSlots).toBe(3); // B of BUFSIZE 4, counted while the command holds its slot
    expect(connection.windowStats.peakBytesInFlight).toBeGreaterThan(128);
    expect(printer().rxOverflowBytes).toBe(0);
    expect(printer().accepted).toEqual(commands);
    await connection.close();
  }, 60_000);

  it("keeps that credit safe with the command queue full, corrupted bytes and lost oks, on a paced 250000-baud line", async () => {
    // 2 ms per command against 1.5 ms per line on the wire: the queue fills and the receive buffer with it.
    const printerOptions = { baud: 250000, replyLatencyMs: [2, 4] as const, processingMs: 2, heatingRate: 1e6, corruptByteProbability: 0.005, dropOkProbability: 0.002, seed: 21 };
    const { connection, printer } = await connectVirtual(printerOptions, { timeouts: { normalMs: 300, busyProtocolMs: 300, longMs: 3_000 } });
    const commands = generatedProgram(1500);
    expect(await connection.print("advanced-faults", commands)).toEqual({ outcome: "completed", linesDone: 1500, message: null });
    expect(connection.windowStats.queueSlots).toBe(3);
    expect(connection.windowStats.peakBytesInFlight).toBeGreaterThan(128);
    expect(printer().rxOverflowBytes).toBe(0);
    expect(printer().accepted).toEqual(commands);
    await connection.close();
  }, 60_000);

  it("counts only on the one queue slot every Marlin has when the firmware sends plain oks", async () => {
    const { connection, printer } = await connectVirtual({ advancedOk: false });
    const commands = generatedProgram(1000);
    expect((await connection.print("plain", commands)).outcome).toBe("completed");
    expect(connection.windowStats.queueSlots).toBe(1);
    const longestLine = Math.max(...commands.map((c, i) => numberedLine(i + 1, c).length + 1));
    expect(connection.windowStats.peakBytesInFlight).toBeLessThanOrEqual(128 + longestLine);
    expect(printer().rxOverflowBytes).toBe(0);
    expect(printer().accepted).toEqual(commands);
    await connection.close();
  }, 60_000);
});
