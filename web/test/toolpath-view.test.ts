import { describe, expect, it } from "vitest";
import { toolpathView } from "../src/toolpath/toolpath-view.ts";

describe("toolpathView", () => {
  const bounds = { minX: 100, minY: 100, maxX: 120, maxY: 110 };

  it("fits the print's extent inside the margin, keeping its proportions", () => {
    const view = toolpathView(bounds, 200, 200, 10);
    expect(view.scale).toBe(9); // 180 px for 20 mm across X decides
    expect(view.canvasX(100)).toBe(10);
    expect(view.canvasX(120)).toBe(190);
    expect(view.canvasY(105)).toBe(100);
  });

  it("draws the back of the bed (larger Y) higher up", () => {
    const view = toolpathView(bounds, 200, 200, 10);
    expect(view.canvasY(110)).toBeLessThan(view.canvasY(100));
  });
});
