/**
 * What PrusaSlicer 2.5's command line prints, read line by line. Pure.
 * - `--help`: first line `PrusaSlicer-2.5.0+UNKNOWN based on Slic3r (with GUI support)`.
 * - slicing: `10 => Processing triangulated mesh`, `20 => Generating perimeters`,
 *   `70 => Infilling layers`, `30 => Preparing infill`, `88 => Generating skirt and brim`,
 *   `90 => Exporting G-code to x.gcode` (its own percentages, not in order), then
 *   `Slicing result exported to x.gcode`; log lines look like
 *   `[2026-11-23 22:24:57.380729] [0x00007fe551daed80] [info]    Generating perimeters... Resident memory: …`.
 * - `--info`: per object `[name]` then `size_x = 20.000000`, `size_y`, `size_z`, `min_x`, ….
 */

/** Version from `--help`'s first line, e.g. "2.5.0"; null if it is not PrusaSlicer. */
export function parsePrusaSlicerVersion(helpText: string): string | null {
  const match = /^PrusaSlicer-(\d+\.\d+\.\d+[\w.-]*?)(?:\+\S*)?\s/m.exec(helpText);
  return match?.[1] ?? null;
}

/** A log line without its `[time] [thread] [level]` prefix; the level, if there was one. */
export function stripLogPrefix(line: string): { level: string | null; text: string } {
  const match = /^\[[^\]]*\] \[0x[0-9a-f]+\] \[(\w+)\]\s*(.*)$/.exec(line);
  return match ? { level: match[1] ?? null, text: (match[2] ?? "").trim() } : { level: null, text: line.trim() };
}

/**
 * Share of the slicing time spent before each stage starts, measured on the sample models
 * (perimeters, with Arachne, take about 60 %, the G-code export about 30 %).
 */
const STAGE_FRACTIONS: readonly (readonly [RegExp, number])[] = [
  [/^Starting the slicing process/i, 0.01],
  [/^Processing triangulated mesh|^Slicing volumes/i, 0.02],
  [/^Generating perimeters/i, 0.05],
  [/^Infilling layers|^Preparing infill|^Detecting solid surfaces/i, 0.6],
  [/^Preparing fill surfaces|^Processing external surfaces|^Discovering vertical shells|^Bridge over infill/i, 0.62],
  [/^Generating support/i, 0.63],
  [/^Generating skirt|^Generating brim/i, 0.64],
  [/^Slicing process finished/i, 0.65],
  [/^Exporting G-code finished|^Slicing result exported/i, 0.95],
  [/^Exporting G-code/i, 0.66],
];

/**
 * A progress line as a stage name and a rough fraction; null for other lines. Reads the
 * `NN => stage` lines and, at `--loglevel 3`, the info lines naming a known stage. (Below level 3
 * the slicer writes nothing else, and its buffered stdout reaches a pipe only when it exits:
 * the info lines are what flushes it.)
 */
export function parseStageLine(line: string): { stage: string; fraction: number } | null {
  const progress = /^(\d{1,3}) => (.+)$/.exec(line.trim());
  if (progress) {
    const stage = (progress[2] ?? "").replace(/ to .*$/i, "");
    const known = STAGE_FRACTIONS.find(([pattern]) => pattern.test(stage));
    return { stage, fraction: known ? known[1] : Math.min(0.95, Number(progress[1]) / 100) };
  }
  const { level, text } = stripLogPrefix(line);
  if (level !== "info") return null;
  const stage = text.replace(/\s*Resident memory:.*$/, "").replace(/\.+$/, "");
  const known = STAGE_FRACTIONS.find(([pattern]) => pattern.test(stage));
  return known ? { stage, fraction: known[1] } : null;
}

export interface ModelObjectInfo {
  name: string;
  size: { x: number; y: number; z: number };
  manifold: boolean | null;
  facets: number | null;
}

/** The objects `--info` describes. */
export function parseModelInfo(text: string): ModelObjectInfo[] {
  const objects: ModelObjectInfo[] = [];
  let current: ModelObjectInfo | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (stripLogPrefix(line).level !== null) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = { name: header[1] ?? "", size: { x: 0, y: 0, z: 0 }, manifold: null, facets: null };
      objects.push(current);
      continue;
    }
    const setting = /^(\w+)\s*=\s*(.+)$/.exec(line);
    if (!current || !setting) continue;
    const [, key, value = ""] = setting;
    if (key === "size_x") current.size.x = Number(value);
    else if (key === "size_y") current.size.y = Number(value);
    else if (key === "size_z") current.size.z = Number(value);
    else if (key === "manifold") current.manifold = value.trim() === "yes";
    else if (key === "number_of_facets") current.facets = Number(value);
  }
  return objects;
}
