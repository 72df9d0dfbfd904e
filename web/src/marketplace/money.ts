/** Prices the marketplace shows: cents of a currency as `€12.50`, and back from what a shop types. */

const DEFAULT_LOCALE = "en-GB";

/** `1250, "EUR"` → `"€12.50"`; an unknown currency code falls back to `"12.50 XYZ"`. */
export function formatPrice(cents: number, currency: string, locale = DEFAULT_LOCALE): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/**
 * What a shop typed as a price (`"12.5"`, `"12,50"`, `" 7 "`) in cents; null when it is not a
 * non-negative amount with at most two decimals.
 */
export function parsePriceCents(text: string): number | null {
  const normalised = text.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return null;
  return Math.round(Number(normalised) * 100);
}
