/**
 * The shop profile form's text fields to and from `ShopProfileInput`: comma-separated lists,
 * decimal numbers (a comma works as the decimal mark), and the protocol's schema deciding what
 * is valid, with each problem keyed by the form field it is about. Pure.
 */
import { ShopProfileInputSchema, type Shop, type ShopProfileInput } from "@peerfab/protocol";

export const SHOP_FORM_FIELDS = [
  "displayName",
  "city",
  "latitude",
  "longitude",
  "materials",
  "colours",
  "currency",
  "perHour",
  "perGram",
  "minimumOrder",
  "turnaroundDays",
] as const;
export type ShopFormField = (typeof SHOP_FORM_FIELDS)[number];
export type ShopFormValues = Record<ShopFormField, string>;

export type ShopFormResult = { ok: true; profile: ShopProfileInput } | { ok: false; issues: { field: ShopFormField; message: string }[] };

/** `"PLA, PETG ,,"` → `["PLA", "PETG"]`. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function toNumber(text: string): number {
  const trimmed = text.trim().replace(",", ".");
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

export function parseShopForm(values: ShopFormValues): ShopFormResult {
  const candidate = {
    displayName: values.displayName,
    city: values.city,
    latitude: toNumber(values.latitude),
    longitude: toNumber(values.longitude),
    materials: splitList(values.materials),
    colours: splitList(values.colours),
    pricing: {
      currency: values.currency.trim().toUpperCase() || "EUR",
      perHour: toNumber(values.perHour),
      perGram: toNumber(values.perGram),
      minimumOrder: toNumber(values.minimumOrder),
    },
    turnaroundDays: toNumber(values.turnaroundDays),
  };
  const parsed = ShopProfileInputSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const issues: { field: ShopFormField; message: string }[] = [];
  for (const issue of parsed.error.issues) {
    const [first, second] = issue.path;
    const key = String(first === "pricing" ? second : first);
    const field = (SHOP_FORM_FIELDS as readonly string[]).includes(key) ? (key as ShopFormField) : "displayName";
    if (issues.some((i) => i.field === field)) continue;
    issues.push({ field, message: messageFor(field, issue.message) });
  }
  return { ok: false, issues };
}

const FIELD_HINTS: Partial<Record<ShopFormField, string>> = {
  latitude: "Enter a latitude between -90 and 90, e.g. 48.14",
  longitude: "Enter a longitude between -180 and 180, e.g. 11.58",
  materials: "List at least one material, separated by commas, e.g. PLA, PETG",
  perHour: "Enter a price per print hour, 0 or more, e.g. 2.50",
  perGram: "Enter a price per gram of filament, 0 or more, e.g. 0.05",
  minimumOrder: "Enter the smallest order amount, 0 or more",
  turnaroundDays: "Enter whole working days from 0 to 365",
  currency: "Enter a three-letter currency code like EUR",
};

function messageFor(field: ShopFormField, schemaMessage: string): string {
  return FIELD_HINTS[field] ?? `${schemaMessage.charAt(0).toUpperCase()}${schemaMessage.slice(1)}`;
}

/** A saved shop back into the form's text. */
export function shopFormValues(shop: Shop | null): ShopFormValues {
  if (!shop) {
    return { displayName: "", city: "", latitude: "", longitude: "", materials: "PLA", colours: "", currency: "EUR", perHour: "", perGram: "", minimumOrder: "", turnaroundDays: "3" };
  }
  return {
    displayName: shop.displayName,
    city: shop.city,
    latitude: String(Number(shop.latitude.toFixed(2))),
    longitude: String(Number(shop.longitude.toFixed(2))),
    materials: shop.materials.join(", "),
    colours: shop.colours.join(", "),
    currency: shop.pricing.currency,
    perHour: String(shop.pricing.perHour),
    perGram: String(shop.pricing.perGram),
    minimumOrder: String(shop.pricing.minimumOrder),
    turnaroundDays: String(shop.turnaroundDays),
  };
}
