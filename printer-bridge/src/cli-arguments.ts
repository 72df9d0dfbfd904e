/** Command line of printer-bridge, parsed into one of its commands. Pure. */
import { parseArgs } from "node:util";
import { SLICE_QUALITIES, type SliceQuality } from "@peerfab/protocol";

export const USAGE = `Usage:
  printer-bridge --hub URL (--token T | --token-file F) [--config printers.json] [--virtual]
                 [--virtual-log FILE] [--state-dir DIR]
      Run the bridge service: connect the printers to the PeerFab hub.
  printer-bridge print FILE.gcode [--port /dev/ttyUSB0 | --virtual] [--baud N] [--window-mode one-line]
                 [--config printers.json]
      Print one file now, with a progress bar. Without --port, the USB serial ports are
      probed and the first printer that answers is used. The file is checked against the
      printer's safety policy first (temperatures, build volume): from the --config entry for
      the port (or its only entry), else the defaults with a 220 x 220 x 250 mm build volume.
  printer-bridge print MODEL.stl|.3mf [--profile P] [--material PLA] [--quality normal] [--port … | --virtual]
      Slice the model with PrusaSlicer first (--profile is required for a real printer), then print it.
  printer-bridge slice MODEL.stl|.3mf [--profile P] [--material PLA|PETG|ABS] [--quality draft|normal|fine] [-o OUT.gcode]
      Slice a model with PrusaSlicer and print the slicer's estimates. --profile: a shipped profile
      (virtual-mk1, the default; prusa-i3-mk3s; creality-ender3-v2) or a PrusaSlicer .ini file.
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
  | {
      kind: "print";
      file: string;
      port: string | null;
      baud: number | null;
      virtual: boolean;
      windowMode: "window" | "one-line";
      /** Set when FILE is a model to slice before printing. */
      slice: SliceChoice | null;
      /** printers.json giving the printer's build volume and safety policy. */
      config: string | null;
    }
  | { kind: "slice"; model: string; slice: SliceChoice; output: string | null }
  | { kind: "ports" }
  | { kind: "help" };

/** How to slice a model: the profile as given (null: the default for the printer), material, quality. */
export interface SliceChoice {
  profile: string | null;
  material: string;
  quality: SliceQuality;
}

export class UsageError extends Error {}

/** Files the print command slices first. */
export function isModelFile(file: string): boolean {
  return /\.(stl|3mf|obj|amf|step|stp)$/i.test(file);
}

function sliceChoice(values: { profile?: string | undefined; material?: string | undefined; quality?: string | undefined }): SliceChoice {
  const quality = values.quality ?? "normal";
  if (!(SLICE_QUALITIES as readonly string[]).includes(quality))
    throw new UsageError(`--quality must be ${SLICE_QUALITIES.join(", ")}; got "${quality}"`);
  return { profile: values.profile ?? null, material: values.material ?? "PLA", quality: quality as SliceQuality };
}

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
        profile: { type: "string" },
        material: { type: "string" },
        quality: { type: "string" },
        output: { type: "string", short: "o" },
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
    if (!file) throw new UsageError("print needs a G-code file (or an STL/3MF model to slice): printer-bridge print FILE.gcode --port /dev/ttyUSB0");
    if (values.port && values.virtual) throw new UsageError("use either --port or --virtual, not both");
    let baud: number | null = null;
    if (values.baud !== undefined) {
      baud = Number(values.baud);
      if (!Number.isInteger(baud) || baud <= 0) throw new UsageError(`--baud must be a positive whole number, got "${values.baud}"`);
    }
    const windowMode = values["window-mode"] ?? "window";
    if (windowMode !== "window" && windowMode !== "one-line") throw new UsageError(`--window-mode must be "window" or "one-line"`);
    const slice = isModelFile(file) ? sliceChoice(values) : null;
    if (slice && slice.profile === null && !values.virtual)
      throw new UsageError("printing a model on a real printer slices it first: name the printer's slicer profile with --profile (prusa-i3-mk3s, creality-ender3-v2 or your .ini file)");
    return { kind: "print", file, port: values.port ?? null, baud, virtual: values.virtual ?? false, windowMode, slice, config: values.config ?? null };
  }
  if (command === "slice") {
    const model = rest[0];
    if (!model) throw new UsageError("slice needs a model: printer-bridge slice MODEL.stl --profile virtual-mk1 -o out.gcode");
    return { kind: "slice", model, slice: sliceChoice(values), output: values.output ?? null };
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
