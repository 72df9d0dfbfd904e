/** `#/`: the design gallery, paginated, with the upload form. */
import { errorMessage, listDesigns } from "../api/client.ts";
import { routeHref } from "../routing/route.ts";
import { designCard } from "../ui/design-card.ts";
import { el, replaceChildren } from "../ui/dom.ts";
import { emptyNotice, errorNotice, loadingNotice } from "../ui/notice.ts";
import { uploadForm } from "../ui/upload-form.ts";
import type { Page } from "./page.ts";

export const GALLERY_PAGE_SIZE = 12;

export function galleryPage(pageNumber: number): Page {
  let disposed = false;
  const list = el("div", { class: "gallery-list", "aria-live": "polite", "aria-busy": "true" });
  const form = uploadForm();
  const jumpToForm = (event: Event) => {
    // The hash belongs to the router: scroll and focus instead of following the link.
    event.preventDefault();
    form.scrollIntoView({ block: "start" });
    form.querySelector<HTMLInputElement>("input[type=file]")?.focus();
  };
  const element = el(
    "div",
    { class: "page page-gallery" },
    el("h1", { tabindex: -1 }, "Designs"),
    el(
      "p",
      { class: "lede" },
      "Open designs you can print on your own printer or at a print shop nearby. ",
      el("a", { href: "#upload", class: "publish-link", onclick: jumpToForm }, "Publish your own design"),
      ".",
    ),
    el("div", { class: "gallery-layout" }, el("section", { "aria-label": "Design list" }, list), el("aside", {}, form)),
  );

  const load = (): void => {
    replaceChildren(list, loadingNotice("designs"));
    list.setAttribute("aria-busy", "true");
    listDesigns(pageNumber, GALLERY_PAGE_SIZE)
      .then((result) => {
        if (disposed) return;
        list.setAttribute("aria-busy", "false");
        const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
        if (result.designs.length === 0) {
          replaceChildren(
            list,
            emptyNotice(result.total === 0 ? "No designs yet. Publish the first one with the form." : "This page is empty."),
            pageCount > 1 || pageNumber > 1 ? pagination(Math.min(pageNumber, pageCount + 1), pageCount) : null,
          );
          return;
        }
        replaceChildren(
          list,
          el("div", { class: "design-grid" }, ...result.designs.map(designCard)),
          pageCount > 1 ? pagination(result.page, pageCount) : null,
        );
      })
      .catch((error: unknown) => {
        if (disposed) return;
        list.setAttribute("aria-busy", "false");
        replaceChildren(list, errorNotice(errorMessage(error), load));
      });
  };
  load();

  return {
    title: pageNumber > 1 ? `Designs, page ${pageNumber}` : "Designs",
    element,
    dispose: () => {
      disposed = true;
    },
  };
}

function pagination(page: number, pageCount: number): HTMLElement {
  const link = (target: number, label: string, rel: string) =>
    el("a", { class: "button", href: routeHref({ page: "gallery", pageNumber: target }), rel }, label);
  return el(
    "nav",
    { class: "pagination", "aria-label": "Pages", "data-testid": "pagination" },
    page > 1 ? link(page - 1, "← Previous", "prev") : el("span", { class: "button button-disabled", "aria-hidden": "true" }, "← Previous"),
    el("span", { class: "pagination-status" }, `Page ${page} of ${pageCount}`),
    page < pageCount ? link(page + 1, "Next →", "next") : el("span", { class: "button button-disabled", "aria-hidden": "true" }, "Next →"),
  );
}
