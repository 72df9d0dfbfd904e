/**
 * What the hub records about a G-code variant, from the protocol analyzer's result: pure.
 * - `printSeconds`: the slicer's own estimate when the file has one, else the analyzer's motion
 *   model (`printTimeSource` says which).
 * - `filamentMm`: likewise the slicer's own total when it wrote one, else the analyzer's sum of
 *   extrusion.
 * - `layers`: the slicer's layer count when it wrote one, else the analyzer's count.
 * - `slicedFor` / `material`: the printer and filament the slicer's settings name
 *   (PrusaSlicer/OrcaSlicer/Bambu Studio `printer_model`, `printer_settings_id`, Cura
 *   `TARGET_MACHINE.NAME`; `filament_type`, `filament_settings_id`). The uploader's own words
 *   win over these (design-ingest.ts).
 */
import type { GcodeAnalysis } from "@peerfab/protocol";

export interface GcodeSummary {
  commands: number;
  layers: number;
  printSeconds: number;
  printTimeSource: "slicer" | "estimate";
  filamentMm: number;
  /** "PrusaSlicer 2.5.0"; null when the file names no slicer. */
  slicer: string | null;
  slicedFor: string | null;
  material: string | null;
}

const PRINTER_KEYS = ["printer_model", "printer_settings_id", "physical_printer_settings_id", "TARGET_MACHINE.NAME", "machine_name"];
const MATERIAL_KEYS = ["filament_type", "filament_settings_id"];

export function summariseGcode(analysis: GcodeAnalysis): GcodeSummary {
  const { slicer } = analysis;
  const slicerSeconds = analysis.printTime.slicerEstimateS;
  return {
    commands: analysis.commandCount,
    layers: slicer.layerCount ?? analysis.layers.count,
    printSeconds: round(slicerSeconds ?? analysis.printTime.estimatedS),
    printTimeSource: slicerSeconds === null ? "estimate" : "slicer",
    filamentMm: round(slicer.filamentUsedMm ? slicer.filamentUsedMm.reduce((sum, mm) => sum + mm, 0) : analysis.filamentMm),
    slicer: slicer.name === null ? null : [slicer.name, slicer.version].filter(Boolean).join(" "),
    slicedFor: firstSetting(slicer.settings, PRINTER_KEYS),
    material: firstSetting(slicer.settings, MATERIAL_KEYS),
  };
}

/** The first non-empty setting of `keys`; multi-extruder lists (`PLA;PETG`) become "PLA, PETG". */
function firstSetting(settings: Record<string, string>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const raw = settings[key];
    if (raw === undefined) continue;
    const values = [...new Set(raw.split(";").map(unquote).filter((v) => v.length > 0))];
    if (values.length > 0) return values.join(", ").slice(0, 200);
  }
  return null;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
