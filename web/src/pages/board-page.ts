/**
 * `#/board`: a print shop's job board (issue #6) — the open jobs its printers can make, each
 * with a quote form, and the shop's accepted jobs with their state. Refreshed when the hub
 * offers a new job (`job:offered`), withdraws one (`job:withdrawn`: cancelled or taken by another
 * shop) or a job changes, after a reconnect, and every 15 s as a fallback. A refresh leaves what
 * did not change in place, so keyboard focus survives it.
 */
import type { Job, JobOffer, Printer, Shop } from "@peerfab/protocol";
import { errorMessage, listJobs, listPrinters, signedInUserId } from "../api/client.ts";
import { getMyShop, jobBoard } from "../api/marketplace.ts";
import { hubSocket } from "../live/hub-socket.ts";
import { routeHref } from "../routing/route.ts";
import { acceptedJobsList } from "../ui/accepted-jobs.ts";
import { el, replaceChildren } from "../ui/dom.ts";
import { emptyNotice, errorNotice, loadingNotice } from "../ui/notice.ts";
import { offerCard } from "../ui/offer-card.ts";
import type { Page } from "./page.ts";

const REFRESH_MS = 15_000;

interface BoardData {
  shop: Shop | null;
  offers: JobOffer[];
  accepted: Job[];
  printerNames: Map<string, string>;
}

export function boardPage(): Page {
  let disposed = false;
  const offersBox = el("div", { "aria-live": "polite", "data-testid": "board-offers" }, loadingNotice("open jobs"));
  const accepted = acceptedJobsList();
  const intro = el("p", { class: "lede" });
  const element = el(
    "div",
    { class: "page page-board" },
    el("h1", { tabindex: -1 }, "Job board"),
    intro,
    el("section", { "aria-labelledby": "board-open-heading" }, el("h2", { id: "board-open-heading" }, "Open jobs you can make"), offersBox),
    el("section", { "aria-labelledby": "board-accepted-heading" }, el("h2", { id: "board-accepted-heading" }, "Your accepted jobs"), accepted.element),
  );
  /** Offers shown, by job id: a form being filled in is kept, not rebuilt. */
  const shownOffers = new Map<string, HTMLElement>();
  /** What the intro shows; rebuilt only when that changes (its link may have focus). */
  let introShows: string | null = null;

  const render = (data: BoardData) => {
    const shows = JSON.stringify(data.shop ? [data.shop.displayName, data.shop.city] : null);
    if (shows !== introShows) {
      introShows = shows;
      replaceChildren(
        intro,
        data.shop
          ? el("span", {}, `You quote as ${data.shop.displayName} (${data.shop.city}). `, el("a", { href: routeHref({ page: "shop" }), "data-testid": "shop-profile-link" }, "Edit your shop profile"), ".")
          : el("span", {}, "You have no shop profile yet: ", el("a", { href: routeHref({ page: "shop" }), "data-testid": "shop-profile-link" }, "create your shop"), " to see open jobs nearby and quote them."),
      );
    }
    if (!data.shop) {
      shownOffers.clear();
      replaceChildren(offersBox, emptyNotice("No shop profile, so no job board yet."));
    } else if (data.offers.length === 0) {
      shownOffers.clear();
      replaceChildren(offersBox, emptyNotice("No open jobs your printers can make right now. New ones appear here as makers post them; your printers must accept remote jobs and have the material loaded."));
    } else {
      const keys = data.offers.map((o) => `${o.jobId}:${o.printerIds.join(",")}`);
      // Unchanged offers: keep the cards in place, so focus and typed values survive the refresh.
      if (keys.join("|") !== [...shownOffers.keys()].join("|")) {
        const cards = data.offers.map((offer, i) => shownOffers.get(keys[i] ?? "") ?? offerCard(offer, data.printerNames, () => schedule()));
        shownOffers.clear();
        cards.forEach((card, i) => shownOffers.set(keys[i] ?? "", card));
        replaceChildren(offersBox, el("ul", { class: "offer-list" }, ...cards));
      }
    }
    accepted.show(data.accepted, data.printerNames);
  };

  const load = () => {
    Promise.all([getMyShop(), signedInUserId(), listPrinters().catch((): Printer[] => [])])
      .then(async ([shop, me, printers]) => {
        const [offers, jobs] = shop ? await Promise.all([jobBoard(), listJobs()]) : [[], { jobs: [] }];
        const myId = typeof me === "string" && me !== "single-user" ? me : (shop?.id ?? null);
        const accepted = jobs.jobs.filter((j) => j.shopId !== null && j.shopId !== undefined && j.shopId === myId);
        if (!disposed) render({ shop, offers, accepted, printerNames: new Map(printers.map((p) => [p.id, p.name])) });
      })
      .catch((error: unknown) => {
        if (disposed) return;
        shownOffers.clear();
        replaceChildren(offersBox, errorNotice(errorMessage(error), load));
      });
  };

  let pending: ReturnType<typeof setTimeout> | undefined;
  /** Coalesces bursts of events into one reload. */
  const schedule = () => {
    clearTimeout(pending);
    pending = setTimeout(load, 300);
  };
  const socket = hubSocket();
  socket.on("job:offered", schedule);
  socket.on("job:updated", schedule);
  socket.on("job:withdrawn", schedule);
  // Offers made and jobs changed while the connection was down came as events the page missed.
  socket.io.on("reconnect", schedule);
  const timer = setInterval(load, REFRESH_MS);
  load();

  return {
    title: "Job board",
    element,
    dispose: () => {
      disposed = true;
      clearTimeout(pending);
      clearInterval(timer);
      socket.off("job:offered", schedule);
      socket.off("job:updated", schedule);
      socket.off("job:withdrawn", schedule);
      socket.io.off("reconnect", schedule);
    },
  };
}
