import { describe, expect, it } from "vitest";
import { absoluteFileUrl, slicerLinks } from "../src/designs/slicer-links.ts";

describe("slicerLinks", () => {
  it("opens the file's absolute URL, percent-encoded, in each slicer's URL scheme", () => {
    const url = "http://hub.local:8080/api/designs/d%201/files/corner%20bracket.stl";
    const encoded = "http%3A%2F%2Fhub.local%3A8080%2Fapi%2Fdesigns%2Fd%25201%2Ffiles%2Fcorner%2520bracket.stl";
    expect(slicerLinks(url)).toEqual([
      { slicer: "PrusaSlicer", href: `prusaslicer://open?file=${encoded}` },
      { slicer: "OrcaSlicer", href: `orcaslicer://open?file=${encoded}` },
      { slicer: "Bambu Studio", href: `bambustudio://open?file=${encoded}` },
      { slicer: "Cura", href: `cura://open?file=${encoded}` },
    ]);
  });

  it("round-trips: decoding file= gives back the download URL", () => {
    const url = absoluteFileUrl("https://peerfab.example", "abc", "bracket v2 (final).3mf");
    for (const link of slicerLinks(url)) {
      const file = new URLSearchParams(link.href.split("?")[1]).get("file");
      expect(file).toBe(url);
    }
  });

  it("refuses a URL a slicer cannot download", () => {
    expect(() => slicerLinks("file:///home/me/part.stl")).toThrow(/http/);
    expect(() => slicerLinks("/api/designs/a/files/b.stl")).toThrow();
  });
});

describe("absoluteFileUrl", () => {
  it("names the file by its name so the URL ends in its extension", () => {
    expect(absoluteFileUrl("http://localhost:8080", "d1", "cube 10mm.stl")).toBe("http://localhost:8080/api/designs/d1/files/cube%2010mm.stl");
  });
});
