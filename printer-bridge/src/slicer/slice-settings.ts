/**
 * Per-job settings laid over a printer's profile: the material (temperatures, bed, fan, density)
 * and the quality (layer height), as PrusaSlicer command-line options. Pure.
 */
import type { SliceQuality } from "@peerfab/protocol";
import { SlicerError } from "./slicer.ts";

export interface MaterialPreset {
  name: string;
  /** Hotend, °C: first layer and the rest. */
  firstLayerTemperature: number;
  temperature: number;
  /** Bed, °C: first layer and the rest. */
  firstLayerBedTemperature: number;
  bedTemperature: number;
  /** Part-cooling fan, % of full speed. */
  minFanSpeed: number;
  maxFanSpeed: number;
  /** g/cm³, for the filament weight estimate. */
  density: number;
}

/** Typical settings from the filament makers' ranges (PLA 190–220 °C, PETG 230–250, ABS 240–260). */
export const MATERIAL_PRESETS: Readonly<Record<string, MaterialPreset>> = {
  PLA: { name: "PLA", firstLayerTemperature: 215, temperature: 210, firstLayerBedTemperature: 60, bedTemperature: 60, minFanSpeed: 100, maxFanSpeed: 100, density: 1.24 },
  PETG: { name: "PETG", firstLayerTemperature: 240, temperature: 245, firstLayerBedTemperature: 85, bedTemperature: 90, minFanSpeed: 30, maxFanSpeed: 50, density: 1.27 },
  ABS: { name: "ABS", firstLayerTemperature: 255, temperature: 255, firstLayerBedTemperature: 100, bedTemperature: 110, minFanSpeed: 15, maxFanSpeed: 30, density: 1.04 },
};

/** Layer heights in mm: draft 0.3, normal 0.2, fine 0.1 (first layer at least 0.2 for adhesion). */
export const QUALITY_LAYER_HEIGHTS: Readonly<Record<SliceQuality, { layer: number; firstLayer: number }>> = {
  draft: { layer: 0.3, firstLayer: 0.3 },
  normal: { layer: 0.2, firstLayer: 0.2 },
  fine: { layer: 0.1, firstLayer: 0.2 },
};

export function materialPreset(material: string): MaterialPreset {
  const preset = MATERIAL_PRESETS[material.trim().toUpperCase()];
  if (!preset)
    throw new SlicerError(
      "unknown-material",
      `The slicer has no settings for "${material}"; it knows ${Object.keys(MATERIAL_PRESETS).join(", ")}. Choose one of those, or send G-code sliced for your material.`,
    );
  return preset;
}

/**
 * Layer heights for a quality on a nozzle: at most 75 % of the nozzle diameter (the widest
 * layer a nozzle lays down well; PrusaSlicer refuses more than the diameter).
 */
export function layerHeights(quality: SliceQuality, nozzleDiameter: number): { layer: number; firstLayer: number } {
  const limit = Math.floor(nozzleDiameter * 0.75 * 100) / 100;
  const wanted = QUALITY_LAYER_HEIGHTS[quality];
  return { layer: Math.min(wanted.layer, limit), firstLayer: Math.min(wanted.firstLayer, limit) };
}

/** PrusaSlicer options that override the profile for this material and quality. */
export function sliceSettingArguments(material: MaterialPreset, heights: { layer: number; firstLayer: number }): string[] {
  return [
    "--filament-type", material.name,
    "--first-layer-temperature", String(material.firstLayerTemperature),
    "--temperature", String(material.temperature),
    "--first-layer-bed-temperature", String(material.firstLayerBedTemperature),
    "--bed-temperature", String(material.bedTemperature),
    "--min-fan-speed", String(material.minFanSpeed),
    "--max-fan-speed", String(material.maxFanSpeed),
    "--filament-density", String(material.density),
    "--layer-height", String(heights.layer),
    "--first-layer-height", String(heights.firstLayer),
  ];
}
