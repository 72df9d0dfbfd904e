/**
 * How the print dialog lists a shop: distance, rating, materials, price rules, turnaround, its
 * printers for remote jobs, and a badge saying in words whether it can make this job (the hub's
 * rule: a printer fits the model and has the material, the shop offers it; see shop-fit.ts).
 * Pure, for tests.
 */
import type { JobNeeds, ShopListing, ShopPrinter } from "@peerfab/protocol";
import { formatDecimal } from "../format/units.ts";
import { formatPrice } from "./money.ts";
import { type ShopFit, shopFit } from "./shop-fit.ts";

export interface ShopRowView {
  readonly id: string;
  readonly name: string;
  readonly placeText: string;
  readonly ratingText: string;
  readonly materialsText: string;
  readonly priceText: string;
  readonly turnaroundText: string;
  /** "Prusa MK4: 250 × 210 × 220 mm, 0.4 mm nozzle, PLA, PETG, online", one per printer. */
  readonly printerTexts: readonly string[];
  readonly fit: ShopFit;
}

export function shopRowView(shop: ShopListing, needs: JobNeeds): ShopRowView {
  const distance = shop.distanceKm ?? null;
  const { pricing } = shop;
  return {
    id: shop.id,
    name: shop.displayName,
    placeText: distance === null ? shop.city : `${shop.city} · ${formatDistance(distance)}`,
    ratingText: ratingText(shop.rating),
    materialsText: shop.materials.join(", "),
    priceText: `${formatPrice(Math.round(pricing.perHour * 100), pricing.currency)}/h + ${formatPrice(Math.round(pricing.perGram * 100), pricing.currency)}/g, at least ${formatPrice(Math.round(pricing.minimumOrder * 100), pricing.currency)}`,
    turnaroundText: shop.turnaroundDays === 0 ? "ships the same day" : `ships in ${shop.turnaroundDays} working day${shop.turnaroundDays === 1 ? "" : "s"}`,
    printerTexts: shop.printers.map(printerText),
    fit: shopFit(shop, needs),
  };
}

/** One printer of a shop, in words: name, build volume, nozzle, materials loaded, online or not. */
export function printerText(printer: ShopPrinter): string {
  const { buildVolume: v, nozzleDiameter, materials } = printer.capabilities;
  const loaded = materials.length > 0 ? materials.join(", ") : "no material loaded";
  return `${printer.name}: ${formatDecimal(v.x)} × ${formatDecimal(v.y)} × ${formatDecimal(v.z)} mm, ${formatDecimal(nozzleDiameter, 2)} mm nozzle, ${loaded}, ${printer.online ? "online" : "offline"}`;
}

/** `0.4` → `"under 1 km"`, `12.34` → `"12.3 km"`: distances between points rounded to about 1 km. */
export function formatDistance(km: number): string {
  return km < 1 ? "under 1 km" : `${formatDecimal(km, km < 100 ? 1 : 0)} km`;
}

/** `{ average: 4.5, count: 2 }` → `"★ 4.5 (2 reviews)"`; no reviews → `"No reviews yet"`. */
export function ratingText(rating: ShopListing["rating"]): string {
  if (rating.count === 0 || rating.average === null) return "No reviews yet";
  return `★ ${formatDecimal(rating.average, 1)} (${rating.count} review${rating.count === 1 ? "" : "s"})`;
}
