import { describe, expect, it } from "vitest";
import { plateFit, plateFitText } from "../src/viewer/plate-fit.ts";

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
