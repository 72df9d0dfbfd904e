/**
 * The marketplace's pure view helpers: prices, shop rows (distance, rating, material badge),
 * quotes sorted for comparing, a job's history in words and who may review, and the emergency
 * stop / bed-clear flags of a printer card.
 */
import type { JobNeeds, Quote, ShopListing } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { initialDashboard, withSnapshot } from "../src/dashboard/dashboard-state.ts";
import { printerCardView } from "../src/dashboard/printer-card-view.ts";
import { canReview, historyEntries } from "../src/marketplace/job-history.ts";
import { formatPrice, parsePriceCents } from "../src/marketplace/money.ts";
import { quoteRows } from "../src/marketplace/quote-view.ts";
import { formatDistance, ratingText, shopRowView } from "../src/marketplace/shop-view.ts";
import { at, job, printer } from "./helpers.ts";

const shop = (overrides: Partial<ShopListing> = {}): ShopListing => ({
  id: "u_shop",
  displayName: "Munich Makers",
  city: "Munich",
  latitude: 48.14,
  longitude: 11.58,
  materials: ["PLA", "PETG"],
  colours: ["black"],
  pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 },
  turnaroundDays: 3,
  rating: { average: null, count: 0 },
  distanceKm: 12.34,
  updatedAt: at(0),
  printers: [
    {
      id: "prn_mk4",
      name: "Prusa MK4",
      capabilities: { buildVolume: { x: 250, y: 210, z: 220 }, nozzleDiameter: 0.4, materials: ["PLA", "PETG"], acceptsRemoteJobs: true, slicer: { name: "PrusaSlicer", version: "2.7.0" } },
      online: true,
    },
  ],
  ...overrides,
});
const cube = (material: string): JobNeeds => ({ size: { x: 20, y: 20, z: 20 }, material, hasGcode: false });

const quote = (overrides: Partial<Quote>): Quote => ({
  id: "q1",
  jobId: "j1",
  shopId: "s1",
  shopName: "Shop",
  printerId: "p1",
  printerName: "MK3S",
  priceCents: 1000,
  currency: "EUR",
  printSeconds: 5400,
  filamentGrams: 21.04,
  note: null,
  source: "shop",
  state: "offered",
  createdAt: at(0),
  ...overrides,
});

describe("prices", () => {
  it("formats cents in the currency and reads what a shop types", () => {
    expect(formatPrice(1250, "EUR")).toBe("€12.50");
    expect(formatPrice(500, "GBP")).toBe("£5.00");
    expect(parsePriceCents("12,5")).toBe(1250);
    expect(parsePriceCents(" 7 ")).toBe(700);
    expect(parsePriceCents("0.05")).toBe(5);
    expect(parsePriceCents("-3")).toBeNull();
    expect(parsePriceCents("1.234")).toBeNull();
    expect(parsePriceCents("")).toBeNull();
  });
});

describe("shopRowView", () => {
  it("shows city and distance, price rules, turnaround, its printers, and that it can make the job", () => {
    const view = shopRowView(shop(), cube("petg"));
    expect(view.placeText).toBe("Munich · 12.3 km");
    expect(view.priceText).toBe("€2.00/h + €0.05/g, at least €5.00");
    expect(view.turnaroundText).toBe("ships in 3 working days");
    expect(view.ratingText).toBe("No reviews yet");
    expect(view.printerTexts).toEqual(["Prusa MK4: 250 × 210 × 220 mm, 0.4 mm nozzle, PLA, PETG, online"]);
    expect(view.fit).toMatchObject({ ok: true, label: "Fits Prusa MK4 · petg" });
  });

  it("marks a shop without the material, and one without a known distance shows only its city", () => {
    const view = shopRowView(shop({ distanceKm: null, materials: ["PLA"] }), cube("TPU"));
    expect(view.fit.ok).toBe(false);
    expect(view.fit.label).toBe("No TPU");
    expect(view.placeText).toBe("Munich");
  });

  it("words distances and ratings", () => {
    expect(formatDistance(0.3)).toBe("under 1 km");
    expect(formatDistance(250.4)).toBe("250 km");
    expect(ratingText({ average: 4.5, count: 2 })).toBe("★ 4.5 (2 reviews)");
    expect(ratingText({ average: 5, count: 1 })).toBe("★ 5 (1 review)");
  });
});

describe("quoteRows", () => {
  it("puts the accepted quote first, then offered ones cheapest first, closed last; only offered ones can be accepted", () => {
    const rows = quoteRows([
      quote({ id: "dear", priceCents: 3000 }),
      quote({ id: "closed", priceCents: 100, state: "closed" }),
      quote({ id: "cheap", priceCents: 900, source: "bridge" }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(["cheap", "dear", "closed"]);
    expect(rows[0]?.priceText).toBe("€9.00");
    expect(rows[0]?.detailText).toBe("1 h 30 min and 21 g per piece (sliced by the shop's printer)");
    expect(rows.map((r) => r.canAccept)).toEqual([true, true, false]);
    expect(quoteRows([quote({ id: "a", priceCents: 5 }), quote({ id: "b", state: "accepted", priceCents: 50 })])[0]?.id).toBe("b");
  });
});

describe("job history and reviews", () => {
  const shopJob = job({
    makerId: "maker",
    shopId: "shop",
    state: "completed",
    history: [
      { from: null, to: "open", actor: "maker", actorId: "maker", at: "2025-01-01T12:00:00.000Z", reason: null },
      { from: "open", to: "quoted", actor: "shop", actorId: "shop", at: "2025-01-01T12:05:00.000Z", reason: "Munich Makers quoted €12.50" },
    ],
  });

  it("says what happened, by whom and when", () => {
    const entries = historyEntries(shopJob, "maker", "en-GB", "UTC");
    expect(entries.map((e) => e.text)).toEqual(["Open by you", "Quoted by the shop — Munich Makers quoted €12.50"]);
    expect(entries[1]?.atText).toBe("1 Jan 2025, 12:05");
    expect(historyEntries(shopJob, "shop", "en-GB", "UTC")[0]?.text).toBe("Open by the maker");
  });

  it("lets only the maker review, only a shop's job, only once it completed or failed", () => {
    expect(canReview(shopJob, "maker")).toBe(true);
    expect(canReview({ ...shopJob, state: "failed" }, "maker")).toBe(true);
    expect(canReview(shopJob, "shop")).toBe(false);
    expect(canReview(shopJob, null)).toBe(false);
    expect(canReview({ ...shopJob, state: "printing" }, "maker")).toBe(false);
    expect(canReview({ ...shopJob, shopId: null }, "maker")).toBe(false);
  });
});

describe("printer card: bed clear and emergency stop", () => {
  it("asks for the bed-clear confirmation while the printer needs it", () => {
    const state = withSnapshot(initialDashboard(), { printers: [printer({ needsBedClear: true })], jobs: [] });
    expect(printerCardView(state, "p1")?.needsBedClear).toBe(true);
    const cleared = withSnapshot(initialDashboard(), { printers: [printer({ needsBedClear: false })], jobs: [] });
    expect(printerCardView(cleared, "p1")?.needsBedClear).toBe(false);
  });

  it("offers the emergency stop only while a job prints or is paused", () => {
    const card = (state: "printing" | "paused" | "accepted" | "completed") =>
      printerCardView(withSnapshot(initialDashboard(), { printers: [printer({}, { state: "printing" })], jobs: [job({ state })] }), "p1")?.job?.canEmergencyStop;
    expect(card("printing")).toBe(true);
    expect(card("paused")).toBe(true);
    expect(card("accepted")).toBe(false);
    expect(card("completed")).toBe(false);
  });
});
