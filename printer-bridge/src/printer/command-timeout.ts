/**
 * How long the firmware may stay silent before the host pokes it, tuned from what OctoPrint
 * learned (`serial.timeout.communication` 30 s, `communicationBusy` 3 s, long-running commands
 * exempt). Homing, probing and the heat-and-wait commands legitimately take minutes.
 *
 * Busy-aware: once the firmware has shown it speaks the busy protocol (Marlin HOST_KEEPALIVE
 * prints `busy: processing` every 2 s while it works) silence means something went wrong much
 * sooner, so the shorter `busyProtocolMs` applies; every `busy:` line re-arms the timer.
 */
const LONG_COMMANDS = new Set(["G28", "G29", "G30", "G32", "G33", "G34", "M109", "M190", "M191", "M400", "G4", "M303", "M600", "M226", "M0", "M1"]);

export interface CommunicationTimeouts {
  /** Silence allowed while ordinary commands are in flight. Default 30 s (OctoPrint's figure). */
  normalMs: number;
  /** Silence allowed once the firmware sent `busy:` at least once. Default 5 s. */
  busyProtocolMs: number;
  /** Silence allowed while G28/G29/M109/M190/M400/M600 … is in flight. Default 5 min. */
  longMs: number;
}

export const DEFAULT_TIMEOUTS: CommunicationTimeouts = { normalMs: 30_000, busyProtocolMs: 5_000, longMs: 300_000 };

export function isLongCommand(command: string): boolean {
  const code = /^(?:N\d+\s+)?([GM]\d+)/.exec(command.trim())?.[1];
  return code !== undefined && LONG_COMMANDS.has(code);
}

/** The silence allowed with `commands` in flight. `busyProtocol`: the firmware has sent `busy:` before. */
export function silenceAllowed(commands: readonly { command: string }[], timeouts: CommunicationTimeouts, busyProtocol = false): number {
  if (commands.some((c) => isLongCommand(c.command))) return timeouts.longMs;
  return busyProtocol ? Math.min(timeouts.busyProtocolMs, timeouts.normalMs) : timeouts.normalMs;
}
