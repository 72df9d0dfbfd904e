import type { Vec3 } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { shopFit } from "../src/marketplace/shop-fit.ts";
import { plateFit, plateFitText } from "../src/viewer/plate-fit.ts";
import { shopListing, shopPrinter } from "./shop-listings.ts";

const mk3s = { x: 250, y: 210, z: 210 };

describe("plateFit", () => {
  it("fits a model that is smaller than the volume as placed", () => {
    expect(plateFit({ x: 20, y: 20, z: 10 }, mk3s)).toEqual({ kind: "fits" });
  });

  it("fits a model exactly as big as the volume, with rounding slack", () => {
    expect(plateFit({ x: 250.004, y: 210, z: 210 }, mk3s)).toEqual({ kind: "fits" });
  });

  it("finds a turn on the plate when the model is too deep as placed", () => {
    // 240 mm deep does not fit Y (210) but fits X (250) once turned 90° on the bed.
    expect(plateFit({ x: 100, y: 240, z: 20 }, mk3s)).toEqual({ kind: "fits-turned", size: { x: 240, y: 100, z: 20 } });
  });

  it("lays a tall model on its side", () => {
    const fit = plateFit({ x: 30, y: 30, z: 240 }, mk3s);
    expect(fit.kind).toBe("fits-turned");
    if (fit.kind === "fits-turned") {
      expect(fit.size.x).toBeLessThanOrEqual(250);
      expect(fit.size.y).toBeLessThanOrEqual(210);
      expect(fit.size.z).toBeLessThanOrEqual(210);
    }
  });

  it("says too big, naming the axes it overhangs, when no orientation fits", () => {
    expect(plateFit({ x: 300, y: 20, z: 10 }, mk3s)).toEqual({ kind: "too-big", axes: ["x"] });
    expect(plateFit({ x: 260, y: 260, z: 260 }, mk3s)).toEqual({ kind: "too-big", axes: ["x", "y", "z"] });
  });
});

describe("plateFit at the bed edge, as the print dialog's shop badge judges it", () => {
  /** A shop whose one printer has the MK3S's volume: its badge is the hub's `printerCanMake`. */
  const shop = shopListing("Edge Prints", [shopPrinter("MK3S", mk3s.x, mk3s.y, mk3s.z, { materials: ["PLA"] })], ["PLA"]);
  const shopCanMake = (size: Vec3) => shopFit(shop, { size, material: "PLA", hasGcode: false }).ok;
  const turned = (v: Vec3): Vec3 => ({ x: v.y, y: v.x, z: v.z });

  it("fits a part exactly the bed's size, as placed and turned, in the viewer and for the shop", () => {
    expect(plateFit(mk3s, mk3s)).toEqual({ kind: "fits" });
    expect(plateFit(turned(mk3s), mk3s)).toEqual({ kind: "fits-turned", size: mk3s });
    expect(shopCanMake(mk3s)).toBe(true);
    expect(shopCanMake(turned(mk3s))).toBe(true);
  });

  it("fits a part 0.005 mm over, as placed and turned, in the viewer and for the shop", () => {
    const over = { x: mk3s.x + 0.005, y: mk3s.y + 0.005, z: mk3s.z + 0.005 };
    expect(plateFit(over, mk3s)).toEqual({ kind: "fits" });
    expect(plateFit(turned(over), mk3s)).toEqual({ kind: "fits-turned", size: over });
    expect(shopCanMake(over)).toBe(true);
    expect(shopCanMake(turned(over))).toBe(true);
  });

  it("finds a part 0.1 mm over too big in the viewer and for the shop, naming the axis", () => {
    for (const axis of ["x", "y", "z"] as const) {
      const over = { ...mk3s, [axis]: mk3s[axis] + 0.1 };
      expect(plateFit(over, mk3s)).toEqual({ kind: "too-big", axes: [axis] });
      expect(shopCanMake(over)).toBe(false);
    }
  });
});

describe("plateFitText", () => {
  it("names the printer and the numbers", () => {
    const size = { x: 300, y: 20, z: 10 };
    expect(plateFitText(plateFit(size, mk3s), size, mk3s, "Prusa MK3S")).toBe(
      "Too big for Prusa MK3S: 300 mm in X > 250 mm, and no turn makes it fit. Scale it down or print it in parts.",
    );
    const small = { x: 20, y: 20, z: 10 };
    expect(plateFitText(plateFit(small, mk3s), small, mk3s, "Prusa MK3S")).toBe("Fits Prusa MK3S (250 × 210 × 210 mm)");
    const deep = { x: 100, y: 240, z: 20 };
    expect(plateFitText(plateFit(deep, mk3s), deep, mk3s, "Prusa MK3S")).toBe(
      "Fits Prusa MK3S if turned to 240 × 100 × 20 mm (the bed is 250 × 210 × 210 mm)",
    );
  });
});
