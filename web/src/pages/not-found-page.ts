import { routeHref } from "../routing/route.ts";
import { el } from "../ui/dom.ts";
import type { Page } from "./page.ts";

export function notFoundPage(path: string): Page {
  return {
    title: "Not found",
    element: el(
      "div",
      { class: "page" },
      el("h1", { tabindex: -1 }, "Nothing here"),
      el("p", {}, `There is no page at ${path}. `, el("a", { href: routeHref({ page: "gallery", pageNumber: 1 }) }, "Go to the designs"), "."),
    ),
    dispose: () => {},
  };
}
