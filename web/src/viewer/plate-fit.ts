/**
 * The design viewer's plate fit badge: does a model fit a printer's build volume, and if only
 * turned, in which orientation? The verdict is protocol's `fittingOrientation` (the same rule and
 * slack as the hub's `fitsBuildVolume`, the shop badge and the gallery filter); this module names
 * the turn and the overhanging axes for the badge. Pure: millimetres in, a verdict out.
 */
import { type BuildVolume, fitsBuildAxis, fittingOrientation, type Vec3 } from "@peerfab/protocol";
import { formatDecimal } from "../format/units.ts";

/** When no printer is known: the bed of the most common hobby printers. */
export const DEFAULT_BUILD_VOLUME: BuildVolume = { x: 220, y: 220, z: 250 };

export type PlateFit =
  /** Fits as it is placed in the file. */
  | { readonly kind: "fits" }
  /** Fits only turned: `size` is the model's box in an orientation that fits. */
  | { readonly kind: "fits-turned"; readonly size: Vec3 }
  /** Too big in every orientation; `axes` are the build axes it overhangs as placed. */
  | { readonly kind: "too-big"; readonly axes: readonly ("x" | "y" | "z")[] };

const AXES = ["x", "y", "z"] as const;

export function plateFit(size: Vec3, volume: BuildVolume): PlateFit {
  const overhanging = AXES.filter((axis) => !fitsBuildAxis(size[axis], volume[axis]));
  if (overhanging.length === 0) return { kind: "fits" };
  const turned = fittingOrientation(size, volume);
  return turned ? { kind: "fits-turned", size: turned } : { kind: "too-big", axes: overhanging };
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
