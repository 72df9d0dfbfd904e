/**
 * One open job on a shop's job board: what the maker wants (design, material, colour, quantity,
 * size, notes) and the quote form — which printer, time and filament per piece, and a price of
 * the shop's own or "use my price rules" — and why the shop's bridge did not quote it, if it refused.
 */
import type { JobOffer, Quote } from "@peerfab/protocol";
import { errorMessage } from "../api/client.ts";
import { submitQuote } from "../api/marketplace.ts";
import { formatDecimal, formatTimestamp } from "../format/units.ts";
import { formatPrice } from "../marketplace/money.ts";
import { parseQuoteForm, type QuoteFormValues } from "../marketplace/quote-form.ts";
import { routeHref } from "../routing/route.ts";
import { el, setText, uniqueId } from "./dom.ts";

export function offerCard(offer: JobOffer, printerNames: ReadonlyMap<string, string>, onQuoted: (quote: Quote) => void): HTMLElement {
  const ids = { printer: uniqueId("quote-printer"), hours: uniqueId("quote-hours"), grams: uniqueId("quote-grams"), price: uniqueId("quote-price"), note: uniqueId("quote-note") };
  const printer = el(
    "select",
    { id: ids.printer, name: "printerId", "data-testid": "quote-printer" },
    ...offer.printerIds.map((id) => el("option", { value: id }, printerNames.get(id) ?? id)),
  );
  const hours = el("input", { id: ids.hours, name: "hours", type: "text", inputmode: "decimal", required: true, "data-testid": "quote-hours" });
  const grams = el("input", { id: ids.grams, name: "grams", type: "text", inputmode: "decimal", required: true, "data-testid": "quote-grams" });
  const group = uniqueId("quote-pricing");
  const byRules = el("input", { type: "radio", name: group, value: "rules", checked: true, "data-testid": "quote-use-rules" });
  const byPrice = el("input", { type: "radio", name: group, value: "price", "data-testid": "quote-own-price" });
  const price = el("input", { id: ids.price, name: "price", type: "text", inputmode: "decimal", "data-testid": "quote-price" });
  const note = el("input", { id: ids.note, name: "note", type: "text", maxlength: 2000, "data-testid": "quote-note" });
  const error = el("p", { class: "field-error", role: "alert", "data-testid": "quote-error" });
  const submit = el("button", { type: "submit", class: "button button-primary", "data-testid": "quote-submit" }, offer.quoted ? "Quote again" : "Send quote");
  const status = el("p", { class: "form-status", role: "status", "data-testid": "quote-status" }, offer.quoted ? "You have quoted this job; a new quote replaces yours." : "");
  // Typing a price chooses "my price"; choosing the rules leaves the typed amount unused.
  price.addEventListener("input", () => {
    byPrice.checked = true;
  });

  const form = el(
    "form",
    { class: "quote-form", novalidate: true },
    el("div", { class: "field" }, el("label", { for: ids.printer }, "Printer"), printer),
    el(
      "div",
      { class: "field-row" },
      el("div", { class: "field" }, el("label", { for: ids.hours }, "Print time per piece (hours)"), hours),
      el("div", { class: "field" }, el("label", { for: ids.grams }, "Filament per piece (g)"), grams),
    ),
    el(
      "fieldset",
      { class: "fieldset" },
      el("legend", {}, "Price"),
      el("label", { class: "choice" }, byRules, " Use my price rules"),
      el("label", { class: "choice" }, byPrice, " My price for the whole order"),
      el("div", { class: "field" }, el("label", { for: ids.price }, "Price"), price),
    ),
    el("div", { class: "field" }, el("label", { for: ids.note }, "Note to the maker (optional)"), note),
    el("div", { class: "form-actions" }, submit),
    status,
    error,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setText(error, "");
    const values: QuoteFormValues = { printerId: printer.value, hours: hours.value, grams: grams.value, pricing: byPrice.checked ? "price" : "rules", price: price.value, note: note.value };
    const parsed = parseQuoteForm(values);
    if (!parsed.ok) {
      setText(error, parsed.message);
      ({ printerId: printer, hours, grams, price, note, pricing: byPrice })[parsed.field].focus();
      return;
    }
    submit.disabled = true;
    submitQuote(offer.jobId, parsed.quote)
      .then((quote) => {
        setText(status, `Quoted ${formatPrice(quote.priceCents, quote.currency)}. The maker is told; you see it under “Accepted” if they take it.`);
        setText(submit, "Quote again");
        onQuoted(quote);
      })
      .catch((e: unknown) => setText(error, errorMessage(e)))
      .finally(() => {
        submit.disabled = false;
      });
  });

  const size = offer.size ? `${formatDecimal(offer.size.x)} × ${formatDecimal(offer.size.y)} × ${formatDecimal(offer.size.z)} mm` : "unknown (G-code only)";
  return el(
    "li",
    { class: "offer-card panel", "data-testid": "offer-card", "data-job-id": offer.jobId },
    el("h3", {}, el("a", { href: routeHref({ page: "design", designId: offer.designId }) }, offer.designTitle)),
    el(
      "dl",
      { class: "job-facts" },
      el("dt", {}, "Material"),
      el("dd", {}, `${offer.material}${offer.colour ? `, ${offer.colour}` : ""} × ${offer.quantity}`),
      el("dt", {}, "Size"),
      el("dd", {}, size),
      el("dt", {}, "Prints from"),
      el("dd", {}, offer.hasGcode ? "the designer's G-code" : "the model (your bridge slices it)"),
      el("dt", {}, "License"),
      el("dd", {}, offer.license),
      el("dt", {}, "Posted"),
      el("dd", {}, el("time", { datetime: offer.createdAt }, formatTimestamp(offer.createdAt))),
    ),
    offer.notes ? el("p", { class: "job-notes" }, `“${offer.notes}”`) : null,
    offer.quoteProblem ? el("p", { class: "quote-problem", "data-testid": "quote-problem" }, `Your bridge did not quote this job: ${offer.quoteProblem}`) : null,
    form,
  );
}
