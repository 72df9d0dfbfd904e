import type { DesignFile, MeshAnalysisView } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { meshCheck } from "../src/designs/mesh-check.ts";

const box = { min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 10, z: 10 } };
function file(analysis: Partial<MeshAnalysisView> | null): DesignFile {
  return {
    id: "f1",
    name: "cube.stl",
    kind: "stl",
    sha256: "0".repeat(64),
    size: 684,
    triangles: 12,
    bbox: box,
    createdAt: "2025-01-01T00:00:00Z",
    analysis:
      analysis === null
        ? null
        : {
            triangles: 12,
            vertices: 8,
            bbox: box,
            size: { x: 10, y: 10, z: 10 },
            volumeMm3: 1000,
            areaMm2: 600,
            shells: 1,
            watertight: true,
            manifold: true,
            openEdges: 0,
            nonManifoldEdges: 0,
            misorientedEdges: 0,
            invertedTriangles: 0,
            degenerateTriangles: 0,
            objects: null,
            ...analysis,
          },
  };
}

describe("meshCheck", () => {
  it("calls a closed, consistently oriented mesh watertight", () => {
    expect(meshCheck(file({}))).toMatchObject({ level: "ok", label: "Watertight" });
  });

  it("counts holes and says what to do", () => {
    const check = meshCheck(file({ watertight: false, manifold: false, openEdges: 3 }));
    expect(check.level).toBe("warning");
    expect(check.label).toBe("Not watertight");
    expect(check.detail).toBe("3 open edges (holes in the surface). Slicers may fill or skip the gaps: check the sliced preview, or repair the mesh in your CAD program.");
  });

  it("names flipped faces on a watertight mesh, and separate parts", () => {
    const check = meshCheck(file({ manifold: false, misorientedEdges: 1, shells: 2 }));
    expect(check).toEqual({
      level: "warning",
      label: "Flipped faces",
      detail: "Watertight, but 1 edge joins triangles facing opposite ways. Most slicers fix this on their own; check the sliced preview. It has 2 separate parts.",
    });
  });

  it("says when the hub has not analysed the file", () => {
    expect(meshCheck(file(null)).level).toBe("unknown");
  });
});
