/** `#/printers`: a live card per printer, fed by the hub's socket. */
import { controlJob } from "../api/client.ts";
import { confirmBedClear } from "../api/marketplace.ts";
import type { DashboardState } from "../dashboard/dashboard-state.ts";
import { printerCardView } from "../dashboard/printer-card-view.ts";
import { dashboardFeed } from "../live/dashboard-feed.ts";
import { el, setText } from "../ui/dom.ts";
import { printerCard, type PrinterCard } from "../ui/printer-card.ts";
import type { Page } from "./page.ts";

export function printersPage(): Page {
  const banner = el("p", { class: "connection-banner", role: "status", "data-testid": "connection-banner" });
  const empty = el(
    "p",
    { class: "notice" },
    "No printers yet. Start a printer-bridge on the computer wired to your printer; it appears here as soon as it connects.",
  );
  const grid = el("div", { class: "printer-grid" });
  const element = el(
    "div",
    { class: "page page-printers" },
    el("h1", { tabindex: -1 }, "Printers"),
    banner,
    empty,
    grid,
  );
  const cards = new Map<string, PrinterCard>();

  const render = (state: DashboardState) => {
    const bannerText =
      state.connection === "reconnecting"
        ? "Lost the connection to the hub. Reconnecting… the values below are greyed out until they are fresh."
        : !state.synced
          ? "Connecting to the hub…"
          : "";
    setText(banner, bannerText);
    banner.hidden = bannerText === "";
    empty.hidden = !state.synced || state.printers.size > 0;

    const printers = [...state.printers.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const [id, card] of cards) {
      if (!state.printers.has(id)) {
        card.dispose();
        card.element.remove();
        cards.delete(id);
      }
    }
    let previous: Element | null = null;
    for (const printer of printers) {
      let card = cards.get(printer.id);
      if (!card) {
        card = printerCard(controlJob, confirmBedClear);
        cards.set(printer.id, card);
      }
      const view = printerCardView(state, printer.id);
      if (view) card.update(view, state.temperatures.get(printer.id) ?? []);
      const expectedPosition: Element | null = previous ? previous.nextElementSibling : grid.firstElementChild;
      if (expectedPosition !== card.element) grid.insertBefore(card.element, expectedPosition);
      previous = card.element;
    }
  };

  const unsubscribe = dashboardFeed().subscribe(render);
  return {
    title: "Printers",
    element,
    dispose: () => {
      unsubscribe();
      for (const card of cards.values()) card.dispose();
    },
  };
}
