/**
 * How long the firmware may stay silent before the host pokes it. Homing, probing and the
 * heat-and-wait commands legitimately take minutes (Marlin prints `busy:` or temperatures while
 * they run, but not every firmware does).
 */
const LONG_COMMANDS = new Set(["G28", "G29", "M109", "M190", "M400", "G4", "M303"]);

export interface CommunicationTimeouts {
  /** Silence allowed while ordinary commands are in flight. Default 6 s. */
  normalMs: number;
  /** Silence allowed while G28/G29/M109/M190/M400 is in flight. Default 5 min. */
  longMs: number;
}

export const DEFAULT_TIMEOUTS: CommunicationTimeouts = { normalMs: 6_000, longMs: 300_000 };

export function isLongCommand(command: string): boolean {
  const code = /^([GM]\d+)/.exec(command.trim())?.[1];
  return code !== undefined && LONG_COMMANDS.has(code);
}

export function silenceAllowed(commands: readonly { command: string }[], timeouts: CommunicationTimeouts): number {
  return commands.some((c) => isLongCommand(c.command)) ? timeouts.longMs : timeouts.normalMs;
}
