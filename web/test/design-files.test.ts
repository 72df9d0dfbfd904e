import type { Design, DesignFile } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { designDownloadPaths, designFilePath, gcodeVariants, primaryMesh, titleFromFileName } from "../src/designs/design-files.ts";

const file = (id: string, kind: DesignFile["kind"], createdAt = "2025-01-01T00:00:00Z"): DesignFile => ({
  id,
  name: `${id}.${kind}`,
  kind,
  sha256: "0".repeat(64),
  size: 10,
  triangles: kind === "gcode" ? null : 12,
  bbox: null,
  createdAt,
});
const design = (files: DesignFile[]): Design => ({
  id: "d1",
  title: "T",
  description: "",
  license: "CC0-1.0",
  authorId: "u",
  authorName: "A",
  createdAt: "2025-01-01T00:00:00Z",
  files,
});

describe("design files", () => {
  it("previews the STL first, else the 3MF", () => {
    expect(primaryMesh(design([file("g", "gcode"), file("m", "3mf"), file("s", "stl")]))?.id).toBe("s");
    expect(primaryMesh(design([file("g", "gcode"), file("m", "3mf")]))?.id).toBe("m");
    expect(primaryMesh(design([file("g", "gcode")]))).toBeUndefined();
  });

  it("lists G-code variants newest first", () => {
    const d = design([file("a", "gcode", "2025-01-01T00:00:00Z"), file("s", "stl"), file("b", "gcode", "2025-03-01T00:00:00Z")]);
    expect(gcodeVariants(d).map((f) => f.id)).toEqual(["b", "a"]);
  });

  it("builds an escaped download path", () => {
    expect(designFilePath("d 1", "f/2")).toBe("/api/designs/d%201/files/f%2F2");
  });

  it("derives a title from a file name", () => {
    expect(titleFromFileName("corner_bracket-v2.stl")).toBe("corner bracket v2");
    expect(titleFromFileName(".stl")).toBe("Untitled design");
  });

  it("offers the 3MF and zip downloads the hub lists, and works them out for a hub that does not list them", () => {
    const listed = { ...design([file("s", "stl")]), downloads: { threeMf: "/x.3mf", zip: "/x.zip" } };
    expect(designDownloadPaths(listed)).toEqual({ threeMf: "/x.3mf", zip: "/x.zip" });
    expect(designDownloadPaths(design([file("s", "stl")]))).toEqual({ threeMf: "/api/designs/d1/download.3mf", zip: "/api/designs/d1/download.zip" });
    expect(designDownloadPaths(design([file("g", "gcode")])).threeMf).toBeNull();
  });
});
