/**
 * Where printer slicer profiles come from: the profiles shipped in printer-bridge/profiles/
 * (virtual-mk1, prusa-i3-mk3s, creality-ender3-v2), or an .ini file of the owner's, named in
 * printers.json (`slicerProfile`) by path relative to that file or by shipped name.
 */
import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROFILES_DIR = fileURLToPath(new URL("../../profiles/", import.meta.url));

/** The virtual printer's profile (the sample models' G-code was sliced with it). */
export const VIRTUAL_PRINTER_PROFILE = join(PROFILES_DIR, "virtual-mk1.ini");

export function shippedProfiles(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((name) => name.endsWith(".ini"))
    .map((name) => name.slice(0, -".ini".length))
    .sort();
}

/**
 * Absolute path of a `slicerProfile` value: an absolute path; a path relative to `configDir`
 * (the printers.json folder); or a shipped profile's name, with or without `.ini`.
 */
export function resolveSlicerProfile(value: string, configDir: string): string {
  const candidates = isAbsolute(value)
    ? [value]
    : [resolve(configDir, value), join(PROFILES_DIR, value), join(PROFILES_DIR, `${value}.ini`)];
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `slicerProfile "${value}" not found (looked for ${candidates.join(", ")}). Use a shipped profile (${shippedProfiles().join(", ")}) or the path of your own PrusaSlicer .ini file.`,
  );
}
