/**
 * `printer-bridge print FILE`: the file is checked against the printer's safety policy as the
 * owner's job (temperatures and moves only) before the printer is opened. Runs the real CLI.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/cli-arguments.ts";
import { pickPrinterConfig, refusalBeforePrinting } from "../src/cli-policy.ts";
import { type PrinterConfig, virtualPrinterConfig } from "../src/config.ts";

const BIN = fileURLToPath(new URL("../bin/printer-bridge.js", import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/gcode/policy/${name}`, import.meta.url));
const run = promisify(execFile);

const printer = (port: string, x = 220): PrinterConfig => ({ ...virtualPrinterConfig(), localId: port.replace(/\W/g, ""), name: `Printer ${port}`, port, buildVolume: { x, y: 220, z: 250 } });

describe("print FILE and the safety policy", () => {
  it("refuses a file that breaks the policy without opening the printer, saying the line, command and rule", async () => {
    const failure = await run(process.execPath, [BIN, "print", fixture("hotend-too-hot.gcode"), "--virtual"]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(
      `refused by the safety policy of PeerFab Virtual MK1 (build volume 220 x 220 x 250 mm); nothing was sent to the printer: ` +
        `line 14 of the file: "M104 S320" sets the hotend to 320 °C; this printer's policy allows at most 285 °C.`,
    );
  }, 30_000);

  it("takes the policy of the printers.json entry for the port", async () => {
    const dir = await mkdtemp(join(tmpdir(), "peerfab-cli-policy-"));
    try {
      const config = join(dir, "printers.json");
      await writeFile(config, JSON.stringify([{ ...printer("/dev/ttyACM0"), safety: { maxHotendC: 330 } }, printer("/dev/ttyUSB0")]));
      // 320 °C is allowed on this printer, so the check passes and the CLI goes on to open the port (which is not there).
      const failure = await run(process.execPath, [BIN, "print", fixture("hotend-too-hot.gcode"), "--config", config, "--port", "/dev/ttyACM0"]).then(
        () => null,
        (error: { stderr: string }) => error,
      );
      expect(failure?.stderr).not.toContain("refused by the safety policy");
      expect(failure?.stderr).toMatch(/ttyACM0/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("lets the owner's machine-changing commands through: only temperatures and moves apply", () => {
    expect(refusalBeforePrinting("G28\nM500\nM92 E415\n", virtualPrinterConfig())).toBeNull();
    expect(refusalBeforePrinting("G28\nG1 X300\n", virtualPrinterConfig())).toMatch(/line 2 of the file: "G1 X300" moves X to 300 mm/);
    expect(refusalBeforePrinting("G28\nG1 X300\n", { ...virtualPrinterConfig(), buildVolume: { x: 300, y: 300, z: 300 } })).toBeNull();
  });

  it("picks the entry for --port, or the only one", () => {
    const configs = [printer("/dev/ttyACM0"), printer("/dev/ttyUSB0", 300)];
    expect(pickPrinterConfig(configs, "/dev/ttyUSB0", "printers.json").buildVolume.x).toBe(300);
    expect(pickPrinterConfig(configs.slice(0, 1), null, "printers.json").port).toBe("/dev/ttyACM0");
    expect(() => pickPrinterConfig(configs, null, "printers.json")).toThrow(new UsageError("printers.json lists 2 printers: choose one with --port"));
    expect(() => pickPrinterConfig(configs, "/dev/ttyS0", "printers.json")).toThrow(/has no printer on \/dev\/ttyS0; its ports are \/dev\/ttyACM0, \/dev\/ttyUSB0/);
  });
});
