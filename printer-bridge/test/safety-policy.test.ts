/**
 * The safety policy checker, pure: every fixture in fixtures/gcode/policy/ refused with its exact
 * message (file line, command, rule) or passing; the owner's allow-list; the owner's own jobs;
 * the sample models and slicer files passing the virtual printer's default policy; and the
 * geometry cases a hand-made file can hide (arcs, G92 shifts, inches, moves before homing).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gcodeCommands } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { PrinterConfigSchema, virtualPrinterConfig } from "../src/config.ts";
import { guardedCommands } from "../src/safety/guarded-commands.ts";
import { jobLines } from "../src/safety/job-lines.ts";
import { firstViolation, type JobOrigin } from "../src/safety/safety-check.ts";
import { resolveSafetyPolicy, type SafetyPolicyConfig } from "../src/safety/safety-policy.ts";

const repo = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const fixture = (name: string): string => readFileSync(repo(`fixtures/gcode/policy/${name}`), "utf8");

const virtual = virtualPrinterConfig();
const defaultPolicy = resolveSafetyPolicy(virtual.buildVolume, virtual.safety);
const STRANGER: JobOrigin = { fromOwner: false };
const OWNER: JobOrigin = { fromOwner: true };

function check(gcode: string, origin: JobOrigin = STRANGER, config: SafetyPolicyConfig = {}) {
  const policy = resolveSafetyPolicy(virtual.buildVolume, { ...virtual.safety, ...PrinterConfigSchema.shape.safety.parse(config) });
  return firstViolation(policy, origin, jobLines(gcode));
}

const MACHINE = "this printer's policy refuses commands that change the machine in jobs from other makers";
const X_RANGE = "this printer's X range of -5 to 225 mm (build volume 220 mm, margin 5 mm)";
const Y_RANGE = "this printer's Y range of -5 to 225 mm (build volume 220 mm, margin 5 mm)";
const Z_RANGE = "this printer's Z range of -1 to 255 mm (build volume 250 mm, margin 5 mm)";

const REFUSED: [file: string, rule: string, message: string, alsoForOwner: boolean][] = [
  ["hotend-too-hot.gcode", "temperature", `line 14 of the file: "M104 S320" sets the hotend to 320 °C; this printer's policy allows at most 285 °C`, true],
  ["bed-too-hot.gcode", "temperature", `line 14 of the file: "M190 R130" sets the bed to 130 °C; this printer's policy allows at most 120 °C`, true],
  ["move-outside-x.gcode", "build-volume", `line 14 of the file: "G1 X230 Y100 F3000" moves X to 230 mm, outside ${X_RANGE}`, true],
  ["move-outside-z.gcode", "build-volume", `line 14 of the file: "G1 Z260 F600" moves Z to 260 mm, outside ${Z_RANGE}`, true],
  ["relative-walk-out.gcode", "build-volume", `line 19 of the file: "G1 Y50" moves Y to 255 mm, outside ${Y_RANGE}`, true],
  ["arc-outside.gcode", "build-volume", `line 15 of the file: "G2 X10 Y140 I0 J20" reaches X -10 mm along the arc, outside ${X_RANGE}`, true],
  [
    "unreadable-parameter.gcode",
    "command",
    `line 14 of the file: "G1 X0x1F4 Y100" cannot be read reliably (X given twice: "X0x1F4"), so the printer could take it for something else; this printer's policy refuses unreadable commands in jobs from other makers`,
    false,
  ],
  ["m500.gcode", "command", `line 14 of the file: "M500" saves the settings to EEPROM; ${MACHINE} (the printer's owner can allow M500 in printers.json)`, false],
  ["m502.gcode", "command", `line 14 of the file: "M502" resets the settings to the firmware defaults; ${MACHINE} (the printer's owner can allow M502 in printers.json)`, false],
  ["m997.gcode", "command", `line 14 of the file: "M997" starts a firmware update; ${MACHINE} (the printer's owner can allow M997 in printers.json)`, false],
  [
    "m303.gcode",
    "command",
    `line 14 of the file: "M303 E0 S230 C8" runs PID autotuning (heats and cools on its own); ${MACHINE} (the printer's owner can allow M303 in printers.json)`,
    false,
  ],
  ["m92.gcode", "command", `line 14 of the file: "M92 E415" changes the steps per mm; ${MACHINE} (the printer's owner can allow M92 in printers.json)`, false],
  ["m906.gcode", "command", `line 14 of the file: "M906 X800 Y800" changes the stepper motor currents; ${MACHINE} (the printer's owner can allow M906 in printers.json)`, false],
  ["m42.gcode", "command", `line 14 of the file: "M42 P13 S255" sets a pin of the controller board; ${MACHINE} (the printer's owner can allow M42 in printers.json)`, false],
  ["m260.gcode", "command", `line 14 of the file: "M260 A5 B65" writes to the I2C bus; ${MACHINE} (the printer's owner can allow M260 in printers.json)`, false],
  [
    "unknown-command.gcode",
    "command",
    `line 14 of the file: "G777 X1" is not a command this printer's policy knows to be harmless; it refuses unknown commands in jobs from other makers (the printer's owner can allow G777 in printers.json)`,
    false,
  ],
];

describe("safety policy fixtures (virtual printer, default policy)", () => {
  it("has a test case for every fixture file", () => {
    const files = readdirSync(repo("fixtures/gcode/policy")).filter((f) => f.endsWith(".gcode"));
    expect(files.sort()).toEqual([...REFUSED.map(([file]) => file), "clean.gcode"].sort());
  });

  it.each(REFUSED)("refuses %s from another maker: rule %s", (file, rule, message) => {
    expect(check(fixture(file))).toMatchObject({ rule, message });
  });

  it.each(REFUSED)("%s from the owner: refused only by the temperature and build-volume rules", (file, rule, message, alsoForOwner) => {
    if (alsoForOwner) expect(check(fixture(file), OWNER)).toMatchObject({ rule, message });
    else expect(check(fixture(file), OWNER)).toBeNull();
  });

  it("passes the clean job, from another maker and from the owner", () => {
    expect(check(fixture("clean.gcode"))).toBeNull();
    expect(check(fixture("clean.gcode"), OWNER)).toBeNull();
  });

  it("reports lines of the file, counting comments and blank lines", () => {
    const violation = check("; header\n\n   \nG28\n; comment\nM104 S300 ; hot\n");
    expect(violation).toMatchObject({ line: 6, command: "M104 S300" });
  });
});

describe("the owner's allow-list", () => {
  it("lets a named command through in other makers' jobs, and only that one", () => {
    expect(check(fixture("m500.gcode"), STRANGER, { allowCommands: ["M500"] })).toBeNull();
    expect(check(fixture("m502.gcode"), STRANGER, { allowCommands: ["M500"] })).toMatchObject({ rule: "command", command: "M502" });
    expect(check(fixture("unknown-command.gcode"), STRANGER, { allowCommands: ["g777"] })).toBeNull();
    expect(check("PRINT_START BED=60\n", STRANGER, { allowCommands: ["PRINT_START"] })).toBeNull();
    expect(check("PRINT_START BED=60\n")).toMatchObject({ rule: "command" });
  });

  it("does not lift the temperature and build-volume rules", () => {
    expect(check("M104 S300\n", STRANGER, { allowCommands: ["M104"] })).toMatchObject({ rule: "temperature" });
  });

  it("is validated in printers.json: command names, known keys, sensible limits", () => {
    const parse = (safety: unknown) => PrinterConfigSchema.safeParse({ ...virtual, safety });
    expect(parse({ allowCommands: ["m500", "M862.3", "G01"] }).data?.safety?.allowCommands).toEqual(["M500", "M862.3", "G1"]);
    expect(parse({ allowCommands: ["M500; M502"] }).success).toBe(false);
    expect(parse({ maxHotendC: 900 }).success).toBe(false);
    expect(parse({ maxHotend: 260 }).success).toBe(false); // misspelt key: refused, not ignored
  });

  it("follows the owner's limits", () => {
    expect(check("M104 S300\nM140 S130\n", STRANGER, { maxHotendC: 300, maxBedC: 130 })).toBeNull();
    expect(check("G28\nG1 X228\n", STRANGER, { moveMarginMm: 10 })).toBeNull();
    expect(check("G28\nG1 X226\n", STRANGER, { moveMarginMm: 0 })).toMatchObject({ reason: expect.stringContaining("range of 0 to 220 mm") });
    expect(check("G28\nG1 X-100 Y100\n", STRANGER, { origin: "centre" })).toBeNull();
  });
});

describe("real slicer output passes the virtual printer's default policy", () => {
  const files = [
    ...readdirSync(repo("models"))
      .filter((f) => f.endsWith(".gcode"))
      .map((f) => `models/${f}`),
    "fixtures/print/cube-10mm.gcode",
    ...readdirSync(repo("fixtures/gcode"))
      .filter((f) => f.endsWith(".gcode"))
      .map((f) => `fixtures/gcode/${f}`),
  ];

  it.each(files)("%s passes as another maker's job, with the commands the bridge sends", (file) => {
    const text = readFileSync(repo(file), "utf8");
    const job = jobLines(text);
    expect(job.commands).toEqual(gcodeCommands(text));
    expect(firstViolation(defaultPolicy, STRANGER, job)).toBeNull();
  });
});

describe("moves the file alone does not show", () => {
  it("follows G92: a shifted origin still cannot take the head off the bed", () => {
    expect(check("G28\nG1 X200\nG92 X0\nG1 X50\n", OWNER)).toMatchObject({ line: 4, reason: expect.stringMatching(/^moves X to 250 mm/) });
    expect(check("G28\nG1 X200\nG92 X0\nG1 X20\nG92.1\nG1 X20\n", OWNER)).toBeNull();
  });

  it("reads G20 coordinates as inches", () => {
    expect(check("G28\nG20\nG1 X9\n", OWNER)).toMatchObject({ reason: expect.stringMatching(/^moves X to 228\.6 mm/) });
    expect(check("G28\nG20\nG1 X8\nG21\nG1 X200\n", OWNER)).toBeNull();
  });

  it("checks the whole arc, and an arc given by its radius", () => {
    // Ends inside, centre (215, 100): the counter-clockwise half circle passes X 235.
    expect(check("G28\nG1 X215 Y80\nG3 X215 Y120 I0 J20\n", OWNER)).toMatchObject({ reason: expect.stringMatching(/^reaches X 235 mm/) });
    expect(check("G28\nG1 X215 Y80\nG2 X215 Y120 I0 J20\n", OWNER)).toBeNull(); // the other half stays at X ≥ 195
    expect(check("G28\nG1 X215 Y80\nG3 X215 Y120 R20\n", OWNER)).toMatchObject({ reason: expect.stringMatching(/^reaches X 235 mm/) });
    expect(check("G28\nG1 X100 Y100\nG2 X100 Y100 I-120 J0\n", OWNER)).toMatchObject({ rule: "build-volume" }); // full circle
  });

  it("bounds relative moves before homing by how far they spread", () => {
    expect(check("G91\nG1 Z10\nG90\nG28\n", OWNER)).toBeNull(); // lift before homing: fine
    expect(check("G91\nG1 Z300\n", OWNER)).toMatchObject({
      line: 2,
      reason: expect.stringContaining("moves Z over 300 mm before the job homed Z"),
    });
    // X spreads over 200 + 30 = 230 mm: just fits the 230 mm range (-5 to 225) from X 25; 231 cannot.
    expect(check("G91\nG1 X200\nG1 X-200\nG1 X-30\n", OWNER)).toBeNull();
    expect(check("G91\nG1 X200\nG1 X-200\nG1 X-31\n", OWNER)).toMatchObject({ line: 4 });
  });

  it("bounds heaters however they are set", () => {
    expect(check("M109 S200 B300\n", OWNER)).toMatchObject({ reason: "sets the hotend to 300 °C; this printer's policy allows at most 285 °C" });
    expect(check("M104 T1 S290\n", OWNER)).toMatchObject({ rule: "temperature" });
    expect(check("M303 E-1 S130 C8\n", OWNER)).toMatchObject({ reason: "autotunes the bed at 130 °C; this printer's policy allows at most 120 °C" });
    expect(check("M140 S120\nM104 S285\n", OWNER)).toBeNull();
  });
});

describe("commands other makers' jobs may not hide", () => {
  it.each([
    ["M104 S200\rM500", /character U\+000D/],
    ["M104 S200*12", /checksum marker/],
    ["G1 X 10 X20", /X given twice/],
    ["G1 X1.2.3", /"X1.2.3"/],
    ["G29 S1", /stores a bed mesh in EEPROM/],
    ["M211 S0", /switches the software endstops/],
    ["@pause", /not a command this printer's policy knows/],
  ])("refuses %j", (command, reason) => {
    expect(check(`${command}\n`)).toMatchObject({ rule: "command", reason: expect.stringMatching(reason) });
  });

  it("accepts what slicers write", () => {
    const slicerLines = ['M862.3 P "MK3S"', "M115 U3.13.0", "G28 W", "G80", "M84 X Y E", "T0", "M486 S0 A\"cube\"", "M117 Layer 1 of 20", "g1 x10 y10", "G1X10Y10E.5", "M900 K0.05", "M73 P12 R40"];
    expect(check(`G28\n${slicerLines.join("\n")}\n`)).toBeNull();
  });
});

describe("guardedCommands", () => {
  it("checks each command once, in order, as it is read, and hides everything from a refused one on", async () => {
    const checked: number[] = [];
    const refused: [string, number][] = [];
    const view = guardedCommands(
      ["G28", "G1 X10", "M500", "G1 X20"],
      (command, index) => {
        checked.push(index);
        return command === "M500" ? "no EEPROM" : null;
      },
      (reason, index) => refused.push([reason, index]),
    );
    expect(view.length).toBe(4);
    expect(view[1]).toBe("G1 X10");
    expect(view[1]).toBe("G1 X10");
    expect(view[2]).toBeUndefined();
    expect(view[3]).toBeUndefined();
    expect(view[0]).toBe("G28");
    expect(checked).toEqual([0, 1, 2]);
    expect(refused).toEqual([]); // told after the read, not inside it
    await Promise.resolve();
    expect(refused).toEqual([["no EEPROM", 2]]);
  });
});
