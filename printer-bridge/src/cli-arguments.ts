/** Command line of printer-bridge, parsed into one of three commands. Pure. */
import { parseArgs } from "node:util";

export const USAGE = `Usage:
  printer-bridge --hub URL (--token T | --token-file F) [--config printers.json] [--virtual]
                 [--virtual-log FILE] [--state-dir DIR]
      Run the bridge service: connect the printers to the PeerFab hub.
  printer-bridge print FILE.gcode [--port /dev/ttyUSB0 | --virtual] [--baud N] [--window-mode one-line]
      Print one file now, with a progress bar. Without --port, the USB serial ports are
      probed and the first printer that answers is used.
  printer-bridge ports
      List serial ports.`;

export type CliCommand =
  | {
      kind: "serve";
      hubUrl: string;
      token: string | null;
      tokenFile: string | null;
      config: string | null;
      virtual: boolean;
      virtualLog: string | null;
      stateDir: string;
    }
  | { kind: "print"; file: string; port: string | null; baud: number | null; virtual: boolean; windowMode: "window" | "one-line" }
  | { kind: "ports" }
  | { kind: "help" };

export class UsageError extends Error {}

export function parseCliArguments(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        hub: { type: "string" },
        token: { type: "string" },
        "token-file": { type: "string" },
        config: { type: "string" },
        virtual: { type: "boolean" },
        "virtual-log": { type: "string" },
        "state-dir": { type: "string" },
        port: { type: "string" },
        baud: { type: "string" },
        "window-mode": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  const [command, ...rest] = positionals;
  if (command === "ports") return { kind: "ports" };
  if (command === "print") {
    const file = rest[0];
    if (!file) throw new UsageError("print needs a G-code file: printer-bridge print FILE.gcode --port /dev/ttyUSB0");
    if (values.port && values.virtual) throw new UsageError("use either --port or --virtual, not both");
    let baud: number | null = null;
    if (values.baud !== undefined) {
      baud = Number(values.baud);
      if (!Number.isInteger(baud) || baud <= 0) throw new UsageError(`--baud must be a positive whole number, got "${values.baud}"`);
    }
    const windowMode = values["window-mode"] ?? "window";
    if (windowMode !== "window" && windowMode !== "one-line") throw new UsageError(`--window-mode must be "window" or "one-line"`);
    return { kind: "print", file, port: values.port ?? null, baud, virtual: values.virtual ?? false, windowMode };
  }
  if (command !== undefined) throw new UsageError(`unknown command "${command}"`);
  if (!values.hub) throw new UsageError("--hub URL is required, e.g. --hub http://localhost:3000");
  try {
    new URL(values.hub);
  } catch {
    throw new UsageError(`--hub "${values.hub}" is not a URL; write it like http://localhost:3000`);
  }
  if (!values.token && !values["token-file"]) throw new UsageError("give the hub API token with --token T or --token-file FILE");
  if (!values.config && !values.virtual) throw new UsageError("no printers: give --config printers.json and/or --virtual");
  return {
    kind: "serve",
    hubUrl: values.hub,
    token: values.token ?? null,
    tokenFile: values["token-file"] ?? null,
    config: values.config ?? null,
    virtual: values.virtual ?? false,
    virtualLog: values["virtual-log"] ?? null,
    stateDir: values["state-dir"] ?? ".peerfab-bridge",
  };
}
