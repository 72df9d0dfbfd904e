/**
 * The print dialog's fit badge for one shop (issue #6): can this shop make the design in this
 * material? The verdict is the hub's own rule, `printerCanMake` from the protocol (the model fits
 * a printer's build volume in some axis-aligned orientation, the printer has the material loaded
 * and the shop offers it, a model without G-code needs a slicer), applied to the printers the shop
 * list carries — so a shop marked "can make it" is one the hub will offer the job to. When none of
 * its printers can, the badge says why in words: "No PETG", "Too big for every printer: …".
 * Shops that cannot make it go last, in their order. Pure, for tests.
 */
import { canTakeJob, fitsBuildVolume, hasMaterial, type JobNeeds, printerCanMake, type ShopListing, type ShopPrinter, type Vec3 } from "@peerfab/protocol";
import { formatDecimal } from "../format/units.ts";

export interface ShopFit {
  /** One of the shop's printers can make it: the hub offers the shop the job. */
  readonly ok: boolean;
  /** The badge, in words: "Fits Prusa MK4 · PLA", "No PETG; too big for every printer: …". */
  readonly label: string;
  /** The shop's printers that can make it. */
  readonly printers: readonly ShopPrinter[];
}

/** `{ x: 300, y: 40, z: 20 }` → `"300 × 40 × 20"`. */
const dims = (v: Vec3) => `${formatDecimal(v.x)} × ${formatDecimal(v.y)} × ${formatDecimal(v.z)}`;

/** The most printers' volumes a "too big" badge names; the rest are counted. */
const VOLUMES_NAMED = 2;

export function shopFit(shop: ShopListing, needs: JobNeeds): ShopFit {
  const able = shop.printers.filter((p) => printerCanMake(p.capabilities, needs, shop.materials).ok);
  if (able.length > 0) return { ok: true, label: canMakeLabel(able, needs), printers: able };
  return { ok: false, label: sentence(whyNot(shop, needs)), printers: [] };
}

/** The shops that can make it first, each group in the order given (nearest first, or by name). */
export function byFit<T extends { readonly fit: ShopFit }>(rows: readonly T[]): T[] {
  return [...rows.filter((r) => r.fit.ok), ...rows.filter((r) => !r.fit.ok)];
}

function canMakeLabel(able: readonly ShopPrinter[], needs: JobNeeds): string {
  const [first] = able;
  const others = able.length - 1;
  const which = needs.size && first ? `Fits ${first.name}${others > 0 ? ` and ${others} more` : ""}` : "Can make it";
  const offline = able.every((p) => !p.online) ? " (offline now: it starts when the printer is back)" : "";
  return `${which} · ${needs.material}${offline}`;
}

/** The reasons no printer of the shop can make it, most basic first, lower case. */
function whyNot(shop: ShopListing, needs: JobNeeds): string[] {
  const reasons: string[] = [];
  if (!hasMaterial(shop.materials, needs.material)) reasons.push(`no ${needs.material}`);
  const printers = shop.printers;
  if (printers.length === 0) return [...reasons, "no printer takes remote jobs"];
  const { size } = needs;
  const fitting = size ? printers.filter((p) => fitsBuildVolume(size, p.capabilities.buildVolume)) : printers;
  if (size && fitting.length === 0) return [...reasons, tooBig(size, printers)];
  const loaded = fitting.filter((p) => hasMaterial(p.capabilities.materials, needs.material));
  if (loaded.length === 0) {
    if (reasons.length === 0) reasons.push(`no printer${size ? " that fits" : ""} has ${needs.material} loaded`);
    return reasons;
  }
  if (reasons.length === 0 && !loaded.some((p) => canTakeJob(p.capabilities, needs))) reasons.push("its printers take only ready G-code, and this design has none");
  return reasons.length > 0 ? reasons : ["none of its printers can make it"];
}

/** `"too big for every printer: 300 × 40 × 20 mm vs 250 × 210 × 210 mm"`, largest volumes named first. */
function tooBig(size: Vec3, printers: readonly ShopPrinter[]): string {
  const volumes = [...new Map(printers.map((p) => [dims(p.capabilities.buildVolume), p.capabilities.buildVolume])).entries()].sort(
    ([, a], [, b]) => b.x * b.y * b.z - a.x * a.y * a.z,
  );
  const named = volumes.slice(0, VOLUMES_NAMED).map(([text]) => `${text} mm`);
  const rest = volumes.length - named.length;
  const vs = `${named.join(" and ")}${rest > 0 ? ` (and ${rest} smaller)` : ""}`;
  return `too big for ${printers.length === 1 ? "its printer" : "every printer"}: ${dims(size)} mm vs ${vs}`;
}

function sentence(reasons: readonly string[]): string {
  const text = reasons.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
