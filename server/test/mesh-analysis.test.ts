import { describe, expect, it } from "vitest";
import { analyseMesh } from "../src/mesh/analysis.ts";
import { weldVertices } from "../src/mesh/vertex-weld.ts";
import { box, flip, soup, type Triangle } from "./mesh-generators.ts";

describe("analyseMesh", () => {
  it("measures a closed cube: volume, area, one shell, watertight and manifold", () => {
    const a = analyseMesh(soup(box([0, 0, 0], 10)));
    expect(a).toMatchObject({
      triangles: 12, vertices: 8, shells: 1, watertight: true, manifold: true,
      openEdges: 0, nonManifoldEdges: 0, misorientedEdges: 0, invertedTriangles: 0, degenerateTriangles: 0,
      size: { x: 10, y: 10, z: 10 }, objects: null,
    });
    expect(a.volumeMm3).toBeCloseTo(1000, 6);
    expect(a.areaMm2).toBeCloseTo(600, 6);
  });

  it("finds the hole when a triangle is missing", () => {
    const a = analyseMesh(soup(box([0, 0, 0], 10).slice(1)));
    expect(a).toMatchObject({ watertight: false, manifold: false, openEdges: 3, invertedTriangles: 0 });
  });

  it("counts one triangle wound against its neighbours as inverted", () => {
    const tris = box([0, 0, 0], 10);
    tris[4] = flip(tris[4] as Triangle);
    const a = analyseMesh(soup(tris));
    expect(a).toMatchObject({ watertight: true, manifold: false, misorientedEdges: 3, invertedTriangles: 1 });
  });

  it("counts every triangle of an inside-out shell as inverted", () => {
    const a = analyseMesh(soup(box([0, 0, 0], 10).map(flip)));
    expect(a).toMatchObject({ watertight: true, manifold: true, invertedTriangles: 12 });
    expect(a.volumeMm3).toBeCloseTo(1000, 6);
  });

  it("accepts an inward-wound cavity inside a body as correct", () => {
    const a = analyseMesh(soup([...box([0, 0, 0], 10), ...box([3, 3, 3], 4).map(flip)]));
    expect(a).toMatchObject({ shells: 2, watertight: true, manifold: true, invertedTriangles: 0 });
    expect(a.volumeMm3).toBeCloseTo(1000 - 64, 6);
  });

  it("reports edges shared by more than two triangles as non-manifold", () => {
    // Two cubes touching along one edge: that edge is used by four triangles.
    const a = analyseMesh(soup([...box([0, 0, 0], 10), ...box([10, 10, 0], 10)]));
    expect(a).toMatchObject({ shells: 1, watertight: false, nonManifoldEdges: 1, openEdges: 0 });
  });

  it("counts two boxes touching at one corner as one shell of two closed bodies", () => {
    const a = analyseMesh(soup([...box([0, 0, 0], 10), ...box([10, 10, 10], 10)]));
    expect(a).toMatchObject({ shells: 1, watertight: true, manifold: true, invertedTriangles: 0, nonManifoldEdges: 0 });
    expect(a.volumeMm3).toBeCloseTo(2000, 6);
  });

  it("measures one open, inside-out body as one shell with nothing inverted (it has no inside)", () => {
    const a = analyseMesh(soup(box([0, 0, 0], 10).slice(2).map(flip)));
    expect(a).toMatchObject({ shells: 1, watertight: false, openEdges: 4, invertedTriangles: 0, triangles: 10 });
  });

  it("counts separate bodies as shells and skips degenerate triangles", () => {
    const sliver: Triangle = [[0, 0, 0], [0, 0, 0], [5, 5, 5]];
    const a = analyseMesh(soup([...box([0, 0, 0], 10), ...box([20, 0, 0], 10), sliver]));
    expect(a).toMatchObject({ shells: 2, degenerateTriangles: 1, watertight: true, triangles: 25 });
    expect(a.volumeMm3).toBeCloseTo(2000, 6);
  });
});

describe("weldVertices", () => {
  it("welds exactly equal corners, treating -0 as 0, and keeps near ones apart", () => {
    const positions = Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, -0, 0, 0, 1, 0, 0, 0, 1, 1e-7]);
    const welded = weldVertices(positions, 0, 2);
    expect(welded.vertexCount).toBe(4);
    expect([...welded.indices]).toEqual([0, 1, 2, 0, 1, 3]);
  });

  it("welds a large mesh through table growth", () => {
    const tris = Array.from({ length: 400 }, (_, i) => box([i * 20, 0, 0], 10)).flat();
    const a = analyseMesh(soup(tris));
    expect(a).toMatchObject({ vertices: 3200, shells: 400, watertight: true, manifold: true });
  });
});
