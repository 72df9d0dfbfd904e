/**
 * The command rule, for jobs that are not the printer owner's: only commands known to be
 * harmless — the ones slicers emit for Marlin and Prusa printers — and the ones the owner
 * allowed may reach the printer. Commands that change the machine (EEPROM, firmware, PID, steps,
 * motor currents, pins, I²C, endstops, offsets, SD card files) are refused with what they do;
 * anything else is refused as unknown, and so is a command the strict reader cannot read.
 */
import type { GcodeCommand } from "./gcode-command.ts";
import type { SafetyPolicy } from "./safety-policy.ts";

/** Harmless in a print job: motion, temperatures the temperature rule bounds, fans, reports, settings that last until reset. */
export const HARMLESS_COMMANDS: ReadonlySet<string> = new Set([
  // motion, units, positioning, homing, probing
  ...["G0", "G1", "G2", "G3", "G4", "G10", "G11", "G20", "G21", "G28", "G29", "G80", "G90", "G91", "G92"],
  // steppers on/off, extrusion mode
  ...["M17", "M18", "M84", "M82", "M83"],
  // heaters (bounded by the temperature rule), fans
  ...["M104", "M109", "M140", "M190", "M141", "M191", "M106", "M107"],
  // reports, line numbers, messages, progress, print timer
  ...["M105", "M110", "M114", "M115", "M117", "M118", "M155", "M73", "M75", "M76", "M77", "M300"],
  // motion limits, speed and flow factors, linear advance, input shaping (RAM only, reset on restart)
  ...["M201", "M203", "M204", "M205", "M220", "M221", "M900", "M593"],
  // wait for moves, object cancellation, filament change, bed levelling on/off
  ...["M400", "M486", "M600", "M420"],
]);

/** Prusa printer checks (`M862.1 P0.4` nozzle, `M862.3 P "MK3S"` model, …): any M862.x. */
const HARMLESS_FAMILIES: readonly string[] = ["M862"];

/** Commands that change the machine, with what they do in words. */
export const MACHINE_CHANGING_COMMANDS: ReadonlyMap<string, string> = new Map([
  ["M500", "saves the settings to EEPROM"],
  ["M501", "replaces the running settings with the ones saved in EEPROM"],
  ["M502", "resets the settings to the firmware defaults"],
  ["M997", "starts a firmware update"],
  ["M303", "runs PID autotuning (heats and cools on its own)"],
  ["M301", "changes the hotend PID constants"],
  ["M304", "changes the bed PID constants"],
  ["M92", "changes the steps per mm"],
  ["M906", "changes the stepper motor currents"],
  ["M907", "changes the stepper motor currents"],
  ["M350", "changes the microstepping"],
  ["M914", "changes the sensorless homing sensitivity"],
  ["M42", "sets a pin of the controller board"],
  ["M260", "writes to the I2C bus"],
  ["M261", "reads from the I2C bus"],
  ["M211", "switches the software endstops"],
  ["M120", "switches the endstops"],
  ["M121", "switches the endstops off"],
  ["M206", "changes the home offsets"],
  ["M428", "changes the home offsets"],
  ["M851", "changes the probe offsets"],
  ["M302", "allows cold extrusion"],
  ["M28", "writes a file to the SD card"],
  ["M29", "writes a file to the SD card"],
  ["M30", "deletes a file from the SD card"],
  ["M32", "starts a file from the SD card"],
  ["M112", "halts the printer (emergency stop)"],
  ["M999", "restarts a halted printer"],
  ["M81", "switches the printer's power supply off"],
]);

/** G29 S… on Unified Bed Leveling stores a mesh in EEPROM; slicers emit a plain G29. */
function storesMesh(command: GcodeCommand): boolean {
  return command.name === "G29" && (command.params.has("S") || command.flags.has("S"));
}

export function isHarmless(name: string): boolean {
  return HARMLESS_COMMANDS.has(name) || /^T\d+$/.test(name) || HARMLESS_FAMILIES.some((family) => name.startsWith(`${family}.`));
}

function isAllowed(policy: SafetyPolicy, name: string): boolean {
  return policy.allowCommands.has(name) || policy.allowCommands.has(name.replace(/\.\d+$/, ""));
}

/** Why `command` may not run in another maker's job, in words; null if it may. */
export function commandRule(command: GcodeCommand, policy: SafetyPolicy): string | null {
  const { name } = command;
  if (command.unreadable === null && HARMLESS_COMMANDS.has(name) && !storesMesh(command)) return null;
  if (isAllowed(policy, name)) return null;
  const allowHint = `(the printer's owner can allow ${name} in printers.json)`;
  const changes = MACHINE_CHANGING_COMMANDS.get(name) ?? (storesMesh(command) ? "stores a bed mesh in EEPROM" : undefined);
  if (changes) return `${changes}; this printer's policy refuses commands that change the machine in jobs from other makers ${allowHint}`;
  if (!isHarmless(name))
    return `is not a command this printer's policy knows to be harmless; it refuses unknown commands in jobs from other makers ${allowHint}`;
  if (command.unreadable !== null)
    return `cannot be read reliably (${command.unreadable}), so the printer could take it for something else; this printer's policy refuses unreadable commands in jobs from other makers`;
  return null;
}
