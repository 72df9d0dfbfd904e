/** printers.json: the printers wired to this bridge, validated with zod. */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { BuildVolumeSchema, describeZodError } from "@peerfab/protocol";
import { z } from "zod";
import { resolveSlicerProfile, VIRTUAL_PRINTER_PROFILE } from "./slicer/profiles.ts";
import { DEFAULT_SAFETY, SafetyPolicyConfigSchema } from "./safety/safety-policy.ts";

export const VirtualMarlinOptionsSchema = z
  .object({
    rxBufferSize: z.number().int().positive(),
    bufsize: z.number().int().positive(),
    heatingRate: z.number().positive(),
    ambient: z.number(),
    baud: z.number().int().nonnegative(),
    processingMs: z.number().nonnegative(),
    homingMs: z.number().nonnegative(),
    busyIntervalMs: z.number().positive(),
    advancedOk: z.boolean(),
    seed: z.number().int(),
    corruptByteProbability: z.number().min(0).max(1),
    dropOkProbability: z.number().min(0).max(1),
    busyBurstProbability: z.number().min(0).max(1),
    haltAtLine: z.number().int().positive(),
    disconnectAtLine: z.number().int().positive(),
    acceptedLogPath: z.string(),
    firmware: z.enum(["marlin", "prusa", "klipper"]),
  })
  .partial();

export const PrinterConfigSchema = z.object({
  localId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, '.', '_' or '-' (at most 64)"),
  name: z.string().min(1).max(100),
  port: z.string().min(1),
  baud: z.number().int().positive().optional(),
  buildVolume: BuildVolumeSchema,
  nozzleDiameter: z.number().positive(),
  materials: z.array(z.string().min(1)),
  acceptsRemoteJobs: z.boolean(),
  rxBufferSize: z.number().int().min(16).optional(),
  windowMode: z.enum(["window", "one-line"]).optional(),
  /** G-code run when a job pauses (park the head), e.g. ["G91", "G1 Z5", "G90", "G1 X0 Y200"]. */
  pauseScript: z.array(z.string().min(1)).optional(),
  /** G-code run when a job is cancelled. Default: heaters off, lift 5 mm, motors off. */
  endScript: z.array(z.string().min(1)).optional(),
  virtual: VirtualMarlinOptionsSchema.optional(),
  /**
   * The PrusaSlicer .ini profile for slicing jobs sent as models: a shipped profile's name
   * (virtual-mk1, prusa-i3-mk3s, creality-ender3-v2) or a path relative to printers.json.
   * Without one the printer only takes jobs that come with G-code.
   */
  slicerProfile: z.string().min(1).optional(),
  /** The printer's safety policy (temperatures, build volume margin, commands other makers may send); defaults in safety-policy.ts. */
  safety: SafetyPolicyConfigSchema.optional(),
});
export type PrinterConfig = z.infer<typeof PrinterConfigSchema>;

export const PrintersFileSchema = z.array(PrinterConfigSchema);

/** The virtual printer `--virtual` adds. */
export function virtualPrinterConfig(acceptedLogPath?: string): PrinterConfig {
  return {
    localId: "virtual-1",
    name: "PeerFab Virtual MK1",
    port: "virtual",
    buildVolume: { x: 220, y: 220, z: 250 },
    nozzleDiameter: 0.4,
    materials: ["PLA", "PETG"],
    acceptsRemoteJobs: true,
    virtual: acceptedLogPath ? { acceptedLogPath } : {},
    slicerProfile: VIRTUAL_PRINTER_PROFILE,
    safety: { ...DEFAULT_SAFETY, allowCommands: [] },
  };
}

export async function loadPrintersFile(path: string): Promise<PrinterConfig[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read printers file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = PrintersFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not a valid printers list: ${describeZodError(parsed.error)}`);
  const ids = new Set<string>();
  for (const printer of parsed.data) {
    if (ids.has(printer.localId)) throw new Error(`${path}: localId "${printer.localId}" is used twice; make each unique.`);
    ids.add(printer.localId);
    try {
      if (printer.slicerProfile) printer.slicerProfile = resolveSlicerProfile(printer.slicerProfile, dirname(resolve(path)));
    } catch (error) {
      throw new Error(`${path}: printer "${printer.localId}": ${(error as Error).message}`, { cause: error });
    }
  }
  return parsed.data;
}
