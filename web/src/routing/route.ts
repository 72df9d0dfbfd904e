/**
 * The app's hash routes. Pure: parses `location.hash` into a Route and builds hrefs back,
 * so every link in the app comes from one place.
 */
export type Route =
  | { readonly page: "gallery"; readonly pageNumber: number }
  | { readonly page: "design"; readonly designId: string }
  | { readonly page: "printers" }
  | { readonly page: "jobs" }
  | { readonly page: "not-found"; readonly path: string };

/** Parses a location hash such as `#/designs/abc` or `#/?page=2`. An empty hash is the gallery. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  const [pathPart = "", queryPart = ""] = raw.split("?", 2);
  const path = pathPart === "" ? "/" : pathPart;
  const segments = path.split("/").filter((s) => s !== "");
  const query = new URLSearchParams(queryPart);

  if (segments.length === 0) {
    return { page: "gallery", pageNumber: parsePageNumber(query.get("page")) };
  }
  const [first, second] = segments;
  if (first === "designs" && second !== undefined && segments.length === 2) {
    return { page: "design", designId: safeDecode(second) };
  }
  if (first === "printers" && segments.length === 1) return { page: "printers" };
  if (first === "jobs" && segments.length === 1) return { page: "jobs" };
  return { page: "not-found", path };
}

/** The `href` of a route, e.g. `#/designs/abc`. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case "gallery":
      return route.pageNumber > 1 ? `#/?page=${route.pageNumber}` : "#/";
    case "design":
      return `#/designs/${encodeURIComponent(route.designId)}`;
    case "printers":
      return "#/printers";
    case "jobs":
      return "#/jobs";
    case "not-found":
      return `#${route.path}`;
  }
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
