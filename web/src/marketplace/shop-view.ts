/**
 * How the print dialog lists a shop: distance, rating, materials, price rules, turnaround, and a
 * badge saying whether it can make this job as far as the browser can tell (the shop offers the
 * material; the hub checks build volume and slicer when it offers the job). Pure, for tests.
 */
import type { Shop } from "@peerfab/protocol";
import { formatDecimal } from "../format/units.ts";
import { formatPrice } from "./money.ts";

export interface ShopRowView {
  readonly id: string;
  readonly name: string;
  readonly placeText: string;
  readonly ratingText: string;
  readonly materialsText: string;
  readonly priceText: string;
  readonly turnaroundText: string;
  readonly fit: { readonly ok: boolean; readonly label: string };
}

const sameMaterial = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function shopRowView(shop: Shop, material: string): ShopRowView {
  const distance = shop.distanceKm ?? null;
  const offers = shop.materials.some((m) => sameMaterial(m, material));
  const { pricing } = shop;
  return {
    id: shop.id,
    name: shop.displayName,
    placeText: distance === null ? shop.city : `${shop.city} · ${formatDistance(distance)}`,
    ratingText: ratingText(shop.rating),
    materialsText: shop.materials.join(", "),
    priceText: `${formatPrice(Math.round(pricing.perHour * 100), pricing.currency)}/h + ${formatPrice(Math.round(pricing.perGram * 100), pricing.currency)}/g, at least ${formatPrice(Math.round(pricing.minimumOrder * 100), pricing.currency)}`,
    turnaroundText: shop.turnaroundDays === 0 ? "ships the same day" : `ships in ${shop.turnaroundDays} working day${shop.turnaroundDays === 1 ? "" : "s"}`,
    fit: offers ? { ok: true, label: `Offers ${material}` } : { ok: false, label: `No ${material}` },
  };
}

/** `0.4` → `"under 1 km"`, `12.34` → `"12.3 km"`: distances between points rounded to about 1 km. */
export function formatDistance(km: number): string {
  return km < 1 ? "under 1 km" : `${formatDecimal(km, km < 100 ? 1 : 0)} km`;
}

/** `{ average: 4.5, count: 2 }` → `"★ 4.5 (2 reviews)"`; no reviews → `"No reviews yet"`. */
export function ratingText(rating: Shop["rating"]): string {
  if (rating.count === 0 || rating.average === null) return "No reviews yet";
  return `★ ${formatDecimal(rating.average, 1)} (${rating.count} review${rating.count === 1 ? "" : "s"})`;
}
