/** The shop profile form and the quote form: typed text to the protocol's request bodies, problems keyed by field. */
import { describe, expect, it } from "vitest";
import { parseQuoteForm } from "../src/marketplace/quote-form.ts";
import { parseShopForm, shopFormValues, splitList, type ShopFormValues } from "../src/marketplace/shop-form.ts";
import { parseRoute, routeHref } from "../src/routing/route.ts";

const filled: ShopFormValues = {
  displayName: " Munich Makers ",
  city: "Munich",
  latitude: "48,13743",
  longitude: "11.57549",
  materials: "PLA, PETG,,",
  colours: "",
  currency: "eur",
  perHour: "2.5",
  perGram: "0,05",
  minimumOrder: "5",
  turnaroundDays: "3",
};

describe("shop profile form", () => {
  it("turns the typed text into a profile", () => {
    const result = parseShopForm(filled);
    expect(result).toEqual({
      ok: true,
      profile: {
        displayName: "Munich Makers",
        city: "Munich",
        latitude: 48.13743,
        longitude: 11.57549,
        materials: ["PLA", "PETG"],
        colours: [],
        pricing: { currency: "EUR", perHour: 2.5, perGram: 0.05, minimumOrder: 5 },
        turnaroundDays: 3,
      },
    });
    expect(splitList(" a ,b,, c")).toEqual(["a", "b", "c"]);
  });

  it("names each wrong field with what to enter", () => {
    const result = parseShopForm({ ...filled, latitude: "95", materials: " , ", perGram: "cheap", turnaroundDays: "1.5" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual(["latitude", "materials", "perGram", "turnaroundDays"]);
    expect(result.issues[0]?.message).toMatch(/between -90 and 90/);
    expect(result.issues[1]?.message).toMatch(/at least one material/);
  });

  it("fills the form back from a saved shop, coordinates as the hub rounded them", () => {
    const values = shopFormValues({
      id: "u1",
      displayName: "Munich Makers",
      city: "Munich",
      latitude: 48.14000000000001,
      longitude: 11.58,
      materials: ["PLA", "PETG"],
      colours: ["black", "orange"],
      pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 },
      turnaroundDays: 3,
      rating: { average: null, count: 0 },
      updatedAt: "2025-01-01T00:00:00Z",
    });
    expect(values).toMatchObject({ latitude: "48.14", longitude: "11.58", materials: "PLA, PETG", colours: "black, orange", perGram: "0.05" });
  });
});

describe("quote form", () => {
  const base = { printerId: "p1", hours: "1,5", grams: "20", pricing: "rules" as const, price: "", note: " " };

  it("leaves the price to the shop's rules, or sends the typed price in cents", () => {
    expect(parseQuoteForm(base)).toEqual({ ok: true, quote: { printerId: "p1", printSeconds: 5400, filamentGrams: 20 } });
    expect(parseQuoteForm({ ...base, pricing: "price", price: "12.50", note: "PETG is fine too" })).toEqual({
      ok: true,
      quote: { printerId: "p1", printSeconds: 5400, filamentGrams: 20, priceCents: 1250, note: "PETG is fine too" },
    });
  });

  it("says which field is wrong", () => {
    expect(parseQuoteForm({ ...base, printerId: "" })).toMatchObject({ ok: false, field: "printerId" });
    expect(parseQuoteForm({ ...base, hours: "soon" })).toMatchObject({ ok: false, field: "hours" });
    expect(parseQuoteForm({ ...base, grams: "-1" })).toMatchObject({ ok: false, field: "grams" });
    expect(parseQuoteForm({ ...base, pricing: "price", price: "a lot" })).toMatchObject({ ok: false, field: "price" });
  });
});

describe("marketplace routes", () => {
  it("parses and builds #/board and #/shop", () => {
    expect(parseRoute("#/board")).toEqual({ page: "board" });
    expect(parseRoute("#/shop")).toEqual({ page: "shop" });
    expect(routeHref({ page: "board" })).toBe("#/board");
    expect(routeHref({ page: "shop" })).toBe("#/shop");
    expect(parseRoute("#/shop/extra").page).toBe("not-found");
  });
});
