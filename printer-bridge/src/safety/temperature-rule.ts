/**
 * The temperature rule, for every job: no heater target above the policy's maximum. Reads the
 * targets of M104/M109 (S, R, and B, Marlin's AUTOTEMP maximum) for any hotend, M140/M190 (S, R)
 * for the bed, and M303 S (PID autotune heats to it; E-1 means the bed).
 */
import type { GcodeCommand } from "./gcode-command.ts";
import type { SafetyPolicy } from "./safety-policy.ts";

type Heater = "hotend" | "bed";

function targets(command: GcodeCommand): { heater: Heater; letters: readonly string[]; action: string } | null {
  switch (command.name) {
    case "M104":
    case "M109":
      return { heater: "hotend", letters: ["S", "R", "B"], action: "sets the hotend to" };
    case "M140":
    case "M190":
      return { heater: "bed", letters: ["S", "R"], action: "sets the bed to" };
    case "M303":
      if (command.params.get("E") === -1) return { heater: "bed", letters: ["S"], action: "autotunes the bed at" };
      return { heater: "hotend", letters: ["S"], action: "autotunes the hotend at" };
    default:
      return null;
  }
}

const format = (celsius: number): string => Number(celsius.toFixed(1)).toString();

/** Why `command` heats too much, in words; null if it does not. */
export function temperatureRule(command: GcodeCommand, policy: SafetyPolicy): string | null {
  const target = targets(command);
  if (!target) return null;
  const limit = target.heater === "hotend" ? policy.maxHotendC : policy.maxBedC;
  for (const letter of target.letters) {
    const value = command.params.get(letter);
    if (value !== undefined && value > limit)
      return `${target.action} ${format(value)} °C; this printer's policy allows at most ${format(limit)} °C`;
  }
  return null;
}
