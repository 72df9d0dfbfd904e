/**
 * Data the browser tests hand the demo stack: printers.json entries for a virtual printer like
 * the demo's, and shop profiles, each the common values with what a test changes.
 */
import type { BuildVolume, ShopProfileInput } from "@peerfab/protocol";

/**
 * The fields of a printers.json entry these tests set (the full schema is printer-bridge's
 * `PrinterConfigSchema`, whose module graph the web's type-check cannot load).
 */
export interface DemoPrinterEntry {
  localId: string;
  name: string;
  port: string;
  buildVolume: BuildVolume;
  nozzleDiameter: number;
  materials: string[];
  acceptsRemoteJobs: boolean;
  slicerProfile?: string;
  /** The virtual Marlin's options, e.g. `processingMs` per command. */
  virtual?: { processingMs?: number };
}

/**
 * A printers.json entry for the demo's virtual printer (as `--virtual` adds it: 220 × 220 × 250 mm,
 * PLA and PETG, takes remote jobs, slices with the virtual-mk1 profile), with `changes` — e.g.
 * `virtual: { processingMs: 25 }` for a printer slow enough that a job is still printing later.
 */
export function demoPrinterEntry(changes: Partial<DemoPrinterEntry> = {}): DemoPrinterEntry {
  return {
    localId: "virtual-1",
    name: "PeerFab Virtual MK1",
    port: "virtual",
    buildVolume: { x: 220, y: 220, z: 250 },
    nozzleDiameter: 0.4,
    materials: ["PLA", "PETG"],
    acceptsRemoteJobs: true,
    slicerProfile: "virtual-mk1",
    virtual: {},
    ...changes,
  };
}

/** A shop's profile (`PUT /api/shops/me`): PLA in black, €2 an hour and €0.05 a gram (at least €5), two days' turnaround, with `changes`. */
export function shopProfile(changes: Pick<ShopProfileInput, "displayName" | "city" | "latitude" | "longitude"> & Partial<ShopProfileInput>): ShopProfileInput {
  return {
    materials: ["PLA"],
    colours: ["black"],
    pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 },
    turnaroundDays: 2,
    ...changes,
  };
}
