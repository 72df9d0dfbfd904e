/**
 * Filament mass from length: a cylinder of the filament's diameter, times its density.
 * Diameter and density per extruder come from the file's slicer settings (PrusaSlicer
 * `filament_diameter = 1.75,1.75`, Simplify3D `filamentDiameters,1.75|1.75`…); an extruder
 * without its own value takes the first one, and a file without any takes the printer profile's.
 */
import type { ExtruderUsage } from "./types.ts";

export interface FilamentProperties {
  diameters: number[] | null;
  densities: number[] | null;
  defaultDiameterMm: number;
  defaultDensityGPerCm3: number;
}

/** Grams of `lengthMm` of filament. */
export function filamentGrams(lengthMm: number, diameterMm: number, densityGPerCm3: number): number {
  const volumeCm3 = (lengthMm * Math.PI * diameterMm * diameterMm) / 4 / 1000;
  return volumeCm3 * densityGPerCm3;
}

/** Usage of each tool, from the length each one extruded (index = tool number). */
export function extruderUsage(lengthsMm: readonly number[], properties: FilamentProperties): ExtruderUsage[] {
  const { diameters, densities } = properties;
  return lengthsMm.map((filamentMm, tool) => {
    const diameterMm = diameters?.[tool] ?? diameters?.[0] ?? properties.defaultDiameterMm;
    const densityGPerCm3 = densities?.[tool] ?? densities?.[0] ?? properties.defaultDensityGPerCm3;
    return { tool, filamentMm, filamentG: filamentGrams(filamentMm, diameterMm, densityGPerCm3), diameterMm, densityGPerCm3 };
  });
}
