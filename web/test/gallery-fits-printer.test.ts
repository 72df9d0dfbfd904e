/** The gallery's "fits my printer" filter in the URL (hash route) and in the query sent to the hub. */
import { describe, expect, it } from "vitest";
import { designListQuery } from "../src/api/client.ts";
import { parseRoute, routeHref } from "../src/routing/route.ts";

describe("fits my printer filter", () => {
  it("is kept in the hash beside the other filters, and read back", () => {
    const href = routeHref({ page: "gallery", pageNumber: 2, tag: "tools", fitsPrinter: "prn_abc" });
    expect(href).toBe("#/?tag=tools&fitsPrinter=prn_abc&page=2");
    expect(parseRoute(href)).toEqual({ page: "gallery", pageNumber: 2, tag: "tools", fitsPrinter: "prn_abc" });
  });

  it("drops an empty printer, as for the other filters", () => {
    expect(parseRoute("#/?fitsPrinter=%20")).toEqual({ page: "gallery", pageNumber: 1 });
    expect(routeHref({ page: "gallery", pageNumber: 1, fitsPrinter: "" })).toBe("#/");
  });

  it("is sent to GET /api/designs as fitsPrinter, only when chosen", () => {
    expect(designListQuery(1, 24, { license: "CC0-1.0", fitsPrinter: "prn_abc" }).toString()).toBe("page=1&pageSize=24&license=CC0-1.0&fitsPrinter=prn_abc");
    expect(designListQuery(3, 24, { q: "hook" }).has("fitsPrinter")).toBe(false);
  });
});
