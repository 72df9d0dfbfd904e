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

  it("reads the gallery's search and filters, dropping empty and unknown ones", () => {
    expect(parseRoute("#/?q=corner%20bracket&tag=Tools&license=CC0-1.0&page=2")).toEqual({
      page: "gallery",
      pageNumber: 2,
      q: "corner bracket",
      tag: "tools",
      license: "CC0-1.0",
    });
    expect(parseRoute("#/?q=%20&tag=&license=MIT")).toEqual({ page: "gallery", pageNumber: 1 });
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

  it("parses the account pages", () => {
    expect(parseRoute("#/sign-in")).toEqual({ page: "sign-in" });
    expect(parseRoute("#/register/")).toEqual({ page: "register" });
    expect(parseRoute("#/tokens")).toEqual({ page: "tokens" });
    expect(parseRoute("#/tokens/tok_1")).toEqual({ page: "not-found", path: "/tokens/tok_1" });
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
      { page: "gallery", pageNumber: 1, q: "hex & coaster?", tag: "kitchen", license: "CC-BY-NC-4.0" },
      { page: "gallery", pageNumber: 3, tag: "tools" },
      { page: "design", designId: "d/1 ?x" },
      { page: "printers" },
      { page: "jobs" },
      { page: "sign-in" },
      { page: "register" },
      { page: "tokens" },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it("keeps the first gallery page at #/", () => {
    expect(routeHref({ page: "gallery", pageNumber: 1 })).toBe("#/");
  });
});
