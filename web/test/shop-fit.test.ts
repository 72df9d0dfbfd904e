/**
 * The print dialog's shop fit badge (issue #6): with several shops around, which can make a design
 * (it fits one of their printers in some orientation, the material is offered and loaded, a model
 * needs a slicer) and, for the others, why not in words; those go last, each group in its order.
 */
import type { JobNeeds, ShopListing } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { byFit, shopFit } from "../src/marketplace/shop-fit.ts";
import { shopListing, shopPrinter } from "./shop-listings.ts";

/** A long, flat part: 300 × 40 × 20 mm. */
const rail = (material: string, overrides: Partial<JobNeeds> = {}): JobNeeds => ({ size: { x: 300, y: 40, z: 20 }, material, hasGcode: false, ...overrides });

describe("shopFit", () => {
  const nearby = [
    shopListing("Tiny Prints", [shopPrinter("Mini", 180, 180, 180)]),
    shopListing("No PETG Here", [shopPrinter("Big Box", 350, 350, 350)], ["PLA"]),
    shopListing("Desk Shop", []),
    shopListing("Rail Works", [shopPrinter("Mini", 180, 180, 180), shopPrinter("Long Bed", 250, 320, 210)]),
  ];

  it("marks only the shops with a printer that can make it, names why the others cannot, and lists those last", () => {
    const rows = nearby.map((s) => ({ name: s.displayName, fit: shopFit(s, rail("PETG")) }));
    expect(rows.map((r) => [r.name, r.fit.ok, r.fit.label])).toEqual([
      ["Tiny Prints", false, "Too big for its printer: 300 × 40 × 20 mm vs 180 × 180 × 180 mm"],
      ["No PETG Here", false, "No PETG"],
      ["Desk Shop", false, "No printer takes remote jobs"],
      // 300 mm only fits along the 320 mm Y axis: turned on the plate, it fits.
      ["Rail Works", true, "Fits Long Bed · PETG"],
    ]);
    expect(byFit(rows).map((r) => r.name)).toEqual(["Rail Works", "Tiny Prints", "No PETG Here", "Desk Shop"]);
    expect(shopFit(nearby[3] as ShopListing, rail("PETG")).printers.map((p) => p.name)).toEqual(["Long Bed"]);
  });

  it("names the build volumes a part is too big for, largest first", () => {
    const fleet = shopListing("Fleet", [shopPrinter("Ender", 220, 220, 250), shopPrinter("MK4", 250, 210, 210), shopPrinter("Mini", 180, 180, 180), shopPrinter("Mini 2", 180, 180, 180), shopPrinter("Pico", 100, 100, 100)]);
    expect(shopFit(fleet, rail("PLA")).label).toBe("Too big for every printer: 300 × 40 × 20 mm vs 220 × 220 × 250 mm and 250 × 210 × 210 mm (and 2 smaller)");
  });

  it("gives every reason when there are several, and a shop without the material is not made to fit by its printers", () => {
    const small = shopListing("Small", [shopPrinter("Mini", 180, 180, 180)], ["PLA"]);
    expect(shopFit(small, rail("PETG")).label).toBe("No PETG; too big for its printer: 300 × 40 × 20 mm vs 180 × 180 × 180 mm");
    const fits = shopListing("Fits", [shopPrinter("Long Bed", 250, 320, 210)], ["PLA"]);
    expect(shopFit(fits, rail("PETG"))).toMatchObject({ ok: false, label: "No PETG" });
  });

  it("needs the material loaded on a printer the part fits, not just any printer of the shop", () => {
    const split = shopListing("Split", [shopPrinter("Long Bed", 250, 320, 210, { materials: ["PLA"] }), shopPrinter("Mini", 180, 180, 180, { materials: ["PETG"] })]);
    expect(shopFit(split, rail("PETG"))).toMatchObject({ ok: false, label: "No printer that fits has PETG loaded" });
    expect(shopFit(split, rail("pla"))).toMatchObject({ ok: true, label: "Fits Long Bed · pla" });
  });

  it("needs a slicer for a model, not for G-code, and says so", () => {
    const noSlicer = shopListing("G-code only", [shopPrinter("Long Bed", 250, 320, 210, { slicer: null })]);
    expect(shopFit(noSlicer, rail("PLA"))).toMatchObject({ ok: false, label: "Its printers take only ready G-code, and this design has none" });
    expect(shopFit(noSlicer, rail("PLA", { size: null, hasGcode: true }))).toMatchObject({ ok: true, label: "Can make it · PLA" });
  });

  it("still offers a shop whose fitting printers are offline, and says it starts when they are back", () => {
    const away = shopListing("Away", [shopPrinter("Long Bed", 250, 320, 210, { online: false })]);
    expect(shopFit(away, rail("PLA"))).toMatchObject({ ok: true, label: "Fits Long Bed · PLA (offline now: it starts when the printer is back)" });
    const oneOnline = shopListing("Half", [shopPrinter("Long Bed", 250, 320, 210, { online: false }), shopPrinter("Long Bed 2", 320, 250, 210)]);
    expect(shopFit(oneOnline, rail("PLA")).label).toBe("Fits Long Bed and 1 more · PLA");
  });
});
