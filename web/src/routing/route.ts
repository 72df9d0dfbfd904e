/**
 * The app's hash routes. Pure: parses `location.hash` into a Route and builds hrefs back,
 * so every link in the app comes from one place.
 */
import { LicenseSchema, type License } from "@peerfab/protocol";

/** The gallery's search and filters; absent fields mean "any". */
export interface GalleryFilters {
  /** Full-text search over title, description and tags. */
  readonly q?: string;
  readonly tag?: string;
  readonly license?: License;
  /** A printer id of the signed-in user's: only designs that fit its build volume. */
  readonly fitsPrinter?: string;
}

export type Route =
  | ({ readonly page: "gallery"; readonly pageNumber: number } & GalleryFilters)
  | { readonly page: "design"; readonly designId: string }
  | { readonly page: "printers" }
  | { readonly page: "jobs" }
  /** A print shop's job board: open jobs its printers can make, quotes, accepted jobs. */
  | { readonly page: "board" }
  /** The caller's shop profile. */
  | { readonly page: "shop" }
  | { readonly page: "sign-in" }
  | { readonly page: "register" }
  | { readonly page: "tokens" }
  | { readonly page: "not-found"; readonly path: string };

/** Parses a location hash such as `#/designs/abc` or `#/?page=2`. An empty hash is the gallery. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  const [pathPart = "", queryPart = ""] = raw.split("?", 2);
  const path = pathPart === "" ? "/" : pathPart;
  const segments = path.split("/").filter((s) => s !== "");
  const query = new URLSearchParams(queryPart);

  if (segments.length === 0) {
    return { page: "gallery", pageNumber: parsePageNumber(query.get("page")), ...parseFilters(query) };
  }
  const [first, second] = segments;
  if (first === "designs" && second !== undefined && segments.length === 2) {
    return { page: "design", designId: safeDecode(second) };
  }
  if (first === "printers" && segments.length === 1) return { page: "printers" };
  if (first === "jobs" && segments.length === 1) return { page: "jobs" };
  if (first === "board" && segments.length === 1) return { page: "board" };
  if (first === "shop" && segments.length === 1) return { page: "shop" };
  if (first === "sign-in" && segments.length === 1) return { page: "sign-in" };
  if (first === "register" && segments.length === 1) return { page: "register" };
  if (first === "tokens" && segments.length === 1) return { page: "tokens" };
  return { page: "not-found", path };
}

/** The `href` of a route, e.g. `#/designs/abc`. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case "gallery": {
      const query = new URLSearchParams();
      if (route.q) query.set("q", route.q);
      if (route.tag) query.set("tag", route.tag);
      if (route.license) query.set("license", route.license);
      if (route.fitsPrinter) query.set("fitsPrinter", route.fitsPrinter);
      if (route.pageNumber > 1) query.set("page", String(route.pageNumber));
      const text = query.toString();
      return text === "" ? "#/" : `#/?${text}`;
    }
    case "design":
      return `#/designs/${encodeURIComponent(route.designId)}`;
    case "printers":
      return "#/printers";
    case "jobs":
      return "#/jobs";
    case "board":
      return "#/board";
    case "shop":
      return "#/shop";
    case "sign-in":
      return "#/sign-in";
    case "register":
      return "#/register";
    case "tokens":
      return "#/tokens";
    case "not-found":
      return `#${route.path}`;
  }
}

function parseFilters(query: URLSearchParams): GalleryFilters {
  const q = query.get("q")?.trim();
  const tag = query.get("tag")?.trim().toLowerCase();
  const license = LicenseSchema.safeParse(query.get("license"));
  const fitsPrinter = query.get("fitsPrinter")?.trim();
  return { ...(q ? { q } : {}), ...(tag ? { tag } : {}), ...(license.success ? { license: license.data } : {}), ...(fitsPrinter ? { fitsPrinter } : {}) };
}

function parsePageNumber(value: string | null): number {
  if (value === null) return 1;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
