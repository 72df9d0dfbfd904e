import { describe, expect, it } from "vitest";
import { parseRoute, routeHref, type Route } from "../src/routing/route.ts";

describe("parseRoute", () => {
  it("treats an empty hash and #/ as the first gallery page", () => {
    expect(parseRoute("")).toEqual({ page: "gallery", pageNumber: 1 });
    expect(parseRoute("#/")).toEqual({ page: "gallery", pageNumber: 1 });
    expect(parseRoute("#")).toEqual({ page: "gallery", pageNumber: 1 });
  });

  it("reads the gallery page number and ignores nonsense", () => {
    expect(parseRoute("#/?page=3")).toEqual({ page: "gallery", pageNumber: 3 });
    expect(parseRoute("#/?page=0")).toEqual({ page: "gallery", pageNumber: 1 });
    expect(parseRoute("#/?page=abc")).toEqual({ page: "gallery", pageNumber: 1 });
    expect(parseRoute("#/?page=2.5")).toEqual({ page: "gallery", pageNumber: 1 });
  });

  it("parses design pages, decoding the id", () => {
    expect(parseRoute("#/designs/abc123")).toEqual({ page: "design", designId: "abc123" });
    expect(parseRoute("#/designs/a%20b")).toEqual({ page: "design", designId: "a b" });
    expect(parseRoute("#/designs/%E0%A4%A")).toEqual({ page: "design", designId: "%E0%A4%A" });
  });

  it("parses the printers and jobs pages, tolerating a trailing slash", () => {
    expect(parseRoute("#/printers")).toEqual({ page: "printers" });
    expect(parseRoute("#/printers/")).toEqual({ page: "printers" });
    expect(parseRoute("#/jobs")).toEqual({ page: "jobs" });
  });

  it("reports unknown paths as not found", () => {
    expect(parseRoute("#/designs")).toEqual({ page: "not-found", path: "/designs" });
    expect(parseRoute("#/designs/a/b")).toEqual({ page: "not-found", path: "/designs/a/b" });
    expect(parseRoute("#/nope")).toEqual({ page: "not-found", path: "/nope" });
  });
});

describe("routeHref", () => {
  it("round-trips every route through parseRoute", () => {
    const routes: Route[] = [
      { page: "gallery", pageNumber: 1 },
      { page: "gallery", pageNumber: 4 },
      { page: "design", designId: "d/1 ?x" },
      { page: "printers" },
      { page: "jobs" },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it("keeps the first gallery page at #/", () => {
    expect(routeHref({ page: "gallery", pageNumber: 1 })).toBe("#/");
  });
});
