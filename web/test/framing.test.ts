import { describe, expect, it } from "vitest";
import { frameModel, plateSize } from "../src/viewer/framing.ts";

const distance = (f: ReturnType<typeof frameModel>) =>
  Math.hypot(f.position.x - f.target.x, f.position.y - f.target.y, f.position.z - f.target.z);

describe("frameModel", () => {
  it("looks at the middle of the model from the front, above the plate", () => {
    const f = frameModel({ x: 20, y: 20, z: 20 }, 35, 4 / 3);
    expect(f.target).toEqual({ x: 0, y: 0, z: 10 });
    expect(f.position.y).toBeLessThan(0);
    expect(f.position.z).toBeGreaterThan(20);
  });

  it("keeps the whole bounding sphere inside the narrower field of view", () => {
    const size = { x: 60, y: 60, z: 60 };
    const radius = 0.5 * Math.hypot(60, 60, 60);
    const wide = frameModel(size, 35, 16 / 9);
    expect(Math.asin(radius / distance(wide))).toBeLessThan(((35 / 2) * Math.PI) / 180);
    // A phone in portrait is narrower than tall: the horizontal field of view decides.
    const tall = frameModel(size, 35, 0.5);
    const hHalf = Math.atan(Math.tan(((35 / 2) * Math.PI) / 180) * 0.5);
    expect(Math.asin(radius / distance(tall))).toBeLessThan(hHalf);
    expect(distance(tall)).toBeGreaterThan(distance(wide));
  });

  it("scales with the model and keeps it between the near and far planes", () => {
    const small = frameModel({ x: 2, y: 2, z: 2 }, 35, 1);
    const big = frameModel({ x: 200, y: 200, z: 200 }, 35, 1);
    expect(distance(big) / distance(small)).toBeCloseTo(100);
    for (const f of [small, big]) {
      expect(f.near).toBeLessThan(distance(f) - 0.5 * Math.hypot(200, 200, 200) * (f === big ? 1 : 0.01));
      expect(f.far).toBeGreaterThan(distance(f) * 2);
    }
  });

  it("survives a flat or degenerate model", () => {
    const f = frameModel({ x: 0, y: 0, z: 0 }, 35, 1);
    expect(Number.isFinite(f.position.x)).toBe(true);
    expect(f.near).toBeGreaterThan(0);
  });
});

describe("plateSize", () => {
  it("draws at least a 100 mm plate and leaves a border around bigger models", () => {
    expect(plateSize({ x: 20, y: 20, z: 20 })).toBe(100);
    expect(plateSize({ x: 90, y: 78, z: 4 })).toBe(150);
    expect(plateSize({ x: 210, y: 40, z: 4 })).toBe(250);
  });
});
