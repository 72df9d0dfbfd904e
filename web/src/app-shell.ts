/** The header (brand, navigation, hub connection) and the main landmark pages render into. */
import type { Route } from "./routing/route.ts";
import { routeHref } from "./routing/route.ts";
import { el, setText } from "./ui/dom.ts";
import type { ConnectionState } from "./dashboard/dashboard-state.ts";

type Section = "gallery" | "printers" | "jobs" | "board";

export interface AppShell {
  readonly main: HTMLElement;
  /** The header's account corner (ui/account-menu.ts fills it). */
  readonly account: HTMLElement;
  setActive(route: Route): void;
  setConnection(connection: ConnectionState): void;
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
};

export function mountShell(root: HTMLElement): AppShell {
  const links: Record<Section, HTMLAnchorElement> = {
    gallery: el("a", { href: routeHref({ page: "gallery", pageNumber: 1 }) }, "Designs"),
    printers: el("a", { href: routeHref({ page: "printers" }) }, "Printers"),
    jobs: el("a", { href: routeHref({ page: "jobs" }) }, "Jobs"),
    board: el("a", { href: routeHref({ page: "board" }), "data-testid": "board-link" }, "Shop"),
  };
  const connection = el("span", { class: "connection", "data-testid": "hub-connection", "data-state": "connecting" }, CONNECTION_TEXT.connecting);
  const main = el("main", { id: "main", class: "main" });
  const account = el("div", { class: "account-menu", "data-testid": "account-menu" });
  root.replaceChildren(
    el("a", { class: "skip-link", href: "#main", onclick: skipToMain }, "Skip to content"),
    el(
      "header",
      { class: "site-header" },
      el(
        "div",
        { class: "site-header-inner" },
        el("a", { class: "brand", href: routeHref({ page: "gallery", pageNumber: 1 }) }, "PeerFab"),
        el("nav", { "aria-label": "Main" }, el("ul", {}, ...Object.values(links).map((a) => el("li", {}, a)))),
        connection,
        account,
      ),
    ),
    main,
  );

  function skipToMain(event: Event): void {
    // The hash is the router's; move focus without changing it.
    event.preventDefault();
    main.querySelector<HTMLElement>("h1")?.focus();
  }

  return {
    main,
    account,
    setActive(route) {
      const active: Section | null =
        route.page === "gallery" || route.page === "design"
          ? "gallery"
          : route.page === "printers" || route.page === "jobs"
            ? route.page
            : route.page === "board" || route.page === "shop"
              ? "board"
              : null;
      for (const [section, link] of Object.entries(links)) {
        if (section === active) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      }
    },
    setConnection(state) {
      connection.dataset.state = state;
      setText(connection, CONNECTION_TEXT[state]);
    },
  };
}
