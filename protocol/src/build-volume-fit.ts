/**
 * Does a model fit a printer's build volume? The one definition the hub (`printerCanMake`: which
 * shops are offered a job), the gallery's "fits my printer" SQL filter, the print dialog's shop
 * badge and the design viewer's plate badge all use, so a part at a bed edge reads the same
 * everywhere. A model may be turned to any of the six axis-aligned orientations (turned 90° on
 * the plate, laid on a side); each side is compared with `BUILD_VOLUME_TOLERANCE_MM` of slack.
 */
import type { Vec3 } from "./designs.ts";
import type { BuildVolume } from "./printers.ts";

/**
 * Slack for float noise: a 3MF's transforms or an exporter's rounding turn a 220 mm part into
 * 220.0004 mm, which still prints on a 220 mm bed. Far below a nozzle's width (0.4 mm), so a
 * part that is really too big is never let through.
 */
export const BUILD_VOLUME_TOLERANCE_MM = 0.01;

/** The longest side that fits along a build axis of `edge` mm: the edge plus the slack. */
export function buildAxisLimit(edge: number): number {
  return edge + BUILD_VOLUME_TOLERANCE_MM;
}

/** True when a model side of `length` mm fits along a build axis of `edge` mm. */
export function fitsBuildAxis(length: number, edge: number): boolean {
  return length <= buildAxisLimit(edge);
}

/** The six axis-aligned orientations: as placed, turned 90° on the plate, then laid on a side. */
const ORIENTATIONS: readonly (readonly [keyof Vec3, keyof Vec3, keyof Vec3])[] = [
  ["x", "y", "z"],
  ["y", "x", "z"],
  ["x", "z", "y"],
  ["z", "x", "y"],
  ["y", "z", "x"],
  ["z", "y", "x"],
];

/** The model's size in the first orientation (in the order above) that fits, or null when none does. */
export function fittingOrientation(size: Vec3, volume: BuildVolume): Vec3 | null {
  for (const [a, b, c] of ORIENTATIONS) {
    const turned = { x: size[a], y: size[b], z: size[c] };
    if (fitsBuildAxis(turned.x, volume.x) && fitsBuildAxis(turned.y, volume.y) && fitsBuildAxis(turned.z, volume.z)) return turned;
  }
  return null;
}

/** True when a model of `size` fits `volume` in one of the six axis-aligned orientations. */
export function fitsBuildVolume(size: Vec3, volume: BuildVolume): boolean {
  return fittingOrientation(size, volume) !== null;
}
