/**
 * A shop's quote form values to `SubmitQuote`: print time in hours (decimal) and minutes,
 * filament grams, and either its own price or none (the hub then prices it by the shop's rules).
 * Pure; problems are sentences for the person, keyed by field.
 */
import type { SubmitQuote } from "@peerfab/protocol";
import { parsePriceCents } from "./money.ts";

export interface QuoteFormValues {
  printerId: string;
  hours: string;
  grams: string;
  /** "rules": priced by the shop's rules; "price": the amount in `price`. */
  pricing: "rules" | "price";
  price: string;
  note: string;
}

export type QuoteFormResult = { ok: true; quote: SubmitQuote } | { ok: false; field: keyof QuoteFormValues; message: string };

function decimal(text: string): number {
  const t = text.trim().replace(",", ".");
  return t === "" ? Number.NaN : Number(t);
}

export function parseQuoteForm(values: QuoteFormValues): QuoteFormResult {
  if (!values.printerId) return { ok: false, field: "printerId", message: "Pick the printer that will make it." };
  const hours = decimal(values.hours);
  if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 365) return { ok: false, field: "hours", message: "Enter the print time for one piece in hours, e.g. 1.5." };
  const grams = decimal(values.grams);
  if (!Number.isFinite(grams) || grams < 0 || grams > 100_000) return { ok: false, field: "grams", message: "Enter the filament for one piece in grams, e.g. 20." };
  const note = values.note.trim();
  const quote: SubmitQuote = { printerId: values.printerId, printSeconds: Math.round(hours * 3600), filamentGrams: grams, ...(note ? { note } : {}) };
  if (values.pricing === "rules") return { ok: true, quote };
  const cents = parsePriceCents(values.price);
  if (cents === null) return { ok: false, field: "price", message: "Enter your price for the whole order, e.g. 12.50, or choose “Use my price rules”." };
  return { ok: true, quote: { ...quote, priceCents: cents } };
}
