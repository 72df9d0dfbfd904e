/**
 * Does a model fit a printer's build volume? The model may be turned to any axis-aligned
 * orientation (lying on any of its faces, turned 90° on the plate), so its three box sides are
 * matched against the volume's in all six orders. Pure: millimetres in, a verdict out.
 */
import type { BuildVolume, Vec3 } from "@peerfab/protocol";
import { formatDecimal } from "../format/units.ts";

/** When no printer is known: the bed of the most common hobby printers. */
export const DEFAULT_BUILD_VOLUME: BuildVolume = { x: 220, y: 220, z: 250 };

/** Rounding slack: a 220.0004 mm export of a 220 mm part still fits a 220 mm bed. */
const TOLERANCE_MM = 0.01;

export type PlateFit =
  /** Fits as it is placed in the file. */
  | { readonly kind: "fits" }
  /** Fits only turned: `size` is the model's box in an orientation that fits. */
  | { readonly kind: "fits-turned"; readonly size: Vec3 }
  /** Too big in every orientation; `axes` are the build axes it overhangs as placed. */
  | { readonly kind: "too-big"; readonly axes: readonly ("x" | "y" | "z")[] };

const ORDERS: readonly (readonly [keyof Vec3, keyof Vec3, keyof Vec3])[] = [
  ["x", "y", "z"],
  ["y", "x", "z"],
  ["x", "z", "y"],
  ["z", "x", "y"],
  ["y", "z", "x"],
  ["z", "y", "x"],
];

export function plateFit(size: Vec3, volume: BuildVolume): PlateFit {
  const within = (s: Vec3) => s.x <= volume.x + TOLERANCE_MM && s.y <= volume.y + TOLERANCE_MM && s.z <= volume.z + TOLERANCE_MM;
  if (within(size)) return { kind: "fits" };
  for (const [a, b, c] of ORDERS) {
    const turned = { x: size[a], y: size[b], z: size[c] };
    if (within(turned)) return { kind: "fits-turned", size: turned };
  }
  const axes = (["x", "y", "z"] as const).filter((axis) => size[axis] > volume[axis] + TOLERANCE_MM);
  return { kind: "too-big", axes };
}

/** The badge text: "Fits Prusa MK3S", "Fits Prusa MK3S if turned …", "Too big for Prusa MK3S: …". */
export function plateFitText(fit: PlateFit, size: Vec3, volume: BuildVolume, printerName: string): string {
  const mm = (v: Vec3) => `${formatDecimal(v.x)} × ${formatDecimal(v.y)} × ${formatDecimal(v.z)} mm`;
  switch (fit.kind) {
    case "fits":
      return `Fits ${printerName} (${mm(volume)})`;
    case "fits-turned":
      return `Fits ${printerName} if turned to ${mm(fit.size)} (the bed is ${mm(volume)})`;
    case "too-big": {
      const over = fit.axes.map((axis) => `${formatDecimal(size[axis])} mm in ${axis.toUpperCase()} > ${formatDecimal(volume[axis])} mm`);
      return `Too big for ${printerName}: ${over.join(", ")}, and no turn makes it fit. Scale it down or print it in parts.`;
    }
  }
}
