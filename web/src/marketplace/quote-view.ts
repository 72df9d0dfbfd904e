/** The quotes a maker compares: cheapest offered first, with price, time, filament and who. Pure. */
import type { Quote } from "@peerfab/protocol";
import { formatDecimal, formatDuration } from "../format/units.ts";
import { formatPrice } from "./money.ts";

export interface QuoteRowView {
  readonly id: string;
  readonly shopName: string;
  readonly printerName: string;
  readonly priceText: string;
  readonly detailText: string;
  readonly note: string | null;
  readonly state: Quote["state"];
  readonly canAccept: boolean;
}

export function quoteRows(quotes: readonly Quote[]): QuoteRowView[] {
  const order: Record<Quote["state"], number> = { accepted: 0, offered: 1, closed: 2 };
  return [...quotes]
    .sort((a, b) => order[a.state] - order[b.state] || a.priceCents - b.priceCents || a.createdAt.localeCompare(b.createdAt))
    .map((q) => ({
      id: q.id,
      shopName: q.shopName,
      printerName: q.printerName,
      priceText: formatPrice(q.priceCents, q.currency),
      detailText: `${formatDuration(q.printSeconds)} and ${formatDecimal(q.filamentGrams, 1)} g per piece${q.source === "bridge" ? " (sliced by the shop's printer)" : ""}`,
      note: q.note,
      state: q.state,
      canAccept: q.state === "offered",
    }));
}
