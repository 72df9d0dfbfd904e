/**
 * Reads the printer facts the adapter needs from a PrusaSlicer `.ini` profile (`key = value`
 * lines, `#` comments): the bed rectangle from `bed_shape`, `max_print_height` and
 * `nozzle_diameter`. Pure. Missing keys take PrusaSlicer 2.5's defaults.
 */

export interface BedRectangle {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface SlicerProfileFacts {
  /** Bounding rectangle of `bed_shape`, mm. */
  bed: BedRectangle;
  /** `max_print_height`, mm. */
  maxHeight: number;
  /** First extruder's `nozzle_diameter`, mm. */
  nozzleDiameter: number;
  settings: ReadonlyMap<string, string>;
}

/** `key = value` settings of an `.ini` text; later keys win, as in PrusaSlicer. */
export function parseIniSettings(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) continue;
    const equals = line.indexOf("=");
    if (equals <= 0) continue;
    settings.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
  }
  return settings;
}

function positiveNumber(text: string | undefined, fallback: number): number {
  const value = Number.parseFloat(text ?? "");
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `0x0,220x0,220x220,0x220` → its bounding rectangle; PrusaSlicer's 200 × 200 bed if unreadable. */
export function parseBedShape(text: string | undefined): BedRectangle {
  const points = (text ?? "")
    .split(",")
    .map((pair) => pair.split("x").map(Number))
    .filter((p): p is [number, number] => p.length === 2 && p.every(Number.isFinite));
  if (points.length < 3) return { minX: 0, maxX: 200, minY: 0, maxY: 200 };
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

export function profileFacts(text: string): SlicerProfileFacts {
  const settings = parseIniSettings(text);
  return {
    bed: parseBedShape(settings.get("bed_shape")),
    maxHeight: positiveNumber(settings.get("max_print_height"), 200),
    nozzleDiameter: positiveNumber(settings.get("nozzle_diameter")?.split(",")[0], 0.4),
    settings,
  };
}

/** "220 × 220 × 250 mm" */
export function describeVolume(bed: BedRectangle, height: number): string {
  return `${formatMm(bed.maxX - bed.minX)} × ${formatMm(bed.maxY - bed.minY)} × ${formatMm(height)} mm`;
}

export function formatMm(value: number): string {
  return String(Math.round(value * 10) / 10);
}
