/**
 * `#/`: the design gallery — search box, tag, license and "fits my printer" filters (the last only
 * when the visitor has printers), pages of cards with lazy thumbnails — and the upload form. Search
 * and filters live in the hash (`#/?q=&tag=&license=&fitsPrinter=&page=`), so back/forward and
 * shared links work; the page updates in place on those changes, keeping focus in the search box
 * while typing.
 */
import { LICENSES, LicenseSchema, type Printer } from "@peerfab/protocol";
import { errorMessage, listDesigns, listPrinters } from "../api/client.ts";
import { explainLicense } from "../format/license.ts";
import { formatCount } from "../format/units.ts";
import { routeHref, type GalleryFilters, type Route } from "../routing/route.ts";
import { designCard } from "../ui/design-card.ts";
import { el, replaceChildren, setText, uniqueId } from "../ui/dom.ts";
import { emptyNotice, errorNotice, loadingNotice } from "../ui/notice.ts";
import { uploadForm } from "../ui/upload-form.ts";
import type { Page } from "./page.ts";

export const GALLERY_PAGE_SIZE = 24;
const SEARCH_DEBOUNCE_MS = 300;

type GalleryRoute = Extract<Route, { page: "gallery" }>;

export function galleryPage(initial: GalleryRoute): Page {
  let route = initial;
  let disposed = false;
  let requestNumber = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  /** After "Next page" the focus goes to the first card of the new page (its link is gone). */
  let focusFirstCard = false;

  const searchId = uniqueId("gallery-search");
  const tagId = uniqueId("gallery-tag");
  const licenseId = uniqueId("gallery-license");
  const printerId = uniqueId("gallery-fits-printer");
  const searchInput = el("input", {
    id: searchId,
    type: "search",
    name: "q",
    autocomplete: "off",
    placeholder: "Title, description or tag",
    enterkeyhint: "search",
    "data-testid": "gallery-search",
  });
  const tagInput = el("input", { id: tagId, type: "text", name: "tag", autocomplete: "off", placeholder: "Any tag", "data-testid": "gallery-tag" });
  const licenseSelect = el(
    "select",
    { id: licenseId, name: "license", "data-testid": "gallery-license" },
    el("option", { value: "" }, "Any license"),
    ...LICENSES.map((license) => el("option", { value: license }, explainLicense(license).name)),
  );
  /** The visitor's printers, once known (none when signed out: the field stays hidden). */
  let printers: Printer[] = [];
  /** The last list's total and filters, to name the printer in the summary once the printers arrive. */
  let shownTotal: { total: number; route: GalleryFilters } | null = null;
  const printerSelect = el("select", { id: printerId, name: "fitsPrinter", "data-testid": "gallery-fits-printer" }, el("option", { value: "" }, "Any size"));
  const printerField = el("div", { class: "field", hidden: true }, el("label", { for: printerId }, "Fits my printer"), printerSelect);
  const clear = el("a", { class: "button button-quiet", href: routeHref({ page: "gallery", pageNumber: 1 }), "data-testid": "gallery-clear" }, "Clear");
  const filtersForm = el(
    "form",
    { class: "gallery-filters", role: "search", "aria-label": "Search designs" },
    el("div", { class: "field field-search" }, el("label", { for: searchId }, "Search"), searchInput),
    el("div", { class: "field" }, el("label", { for: tagId }, "Tag"), tagInput),
    el("div", { class: "field" }, el("label", { for: licenseId }, "License"), licenseSelect),
    printerField,
    el("div", { class: "field field-actions" }, clear),
  );
  const summary = el("p", { class: "gallery-summary", role: "status", "data-testid": "gallery-summary" });
  const list = el("div", { class: "gallery-list", "aria-busy": "true" });
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
    el("div", { class: "gallery-layout" }, el("section", { "aria-label": "Design list" }, filtersForm, summary, list), el("aside", {}, form)),
  );

  /** The filters as the inputs show them now. */
  const typedFilters = (): GalleryFilters => {
    const q = searchInput.value.trim();
    const tag = tagInput.value.trim().toLowerCase();
    const license = LicenseSchema.safeParse(licenseSelect.value);
    const fitsPrinter = printerSelect.value;
    return { ...(q ? { q } : {}), ...(tag ? { tag } : {}), ...(license.success ? { license: license.data } : {}), ...(fitsPrinter ? { fitsPrinter } : {}) };
  };
  /** New filters start at page 1; the hash change comes back through `update`. */
  const applyFilters = () => {
    clearTimeout(debounce);
    const href = routeHref({ page: "gallery", pageNumber: 1, ...typedFilters() });
    if (href !== currentHref()) location.hash = href;
  };
  const applySoon = () => {
    clearTimeout(debounce);
    debounce = setTimeout(applyFilters, SEARCH_DEBOUNCE_MS);
  };
  searchInput.addEventListener("input", applySoon);
  tagInput.addEventListener("input", applySoon);
  licenseSelect.addEventListener("change", applyFilters);
  printerSelect.addEventListener("change", applyFilters);
  filtersForm.addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters();
  });

  const showInputs = () => {
    // Never overwrite what someone is typing; the hash follows their typing anyway.
    if (document.activeElement !== searchInput) searchInput.value = route.q ?? "";
    if (document.activeElement !== tagInput) tagInput.value = route.tag ?? "";
    licenseSelect.value = route.license ?? "";
    printerSelect.value = route.fitsPrinter ?? "";
    // A shared link may name a printer that is not the visitor's: the hub then says so in the list.
    printerField.hidden = printers.length === 0 && !route.fitsPrinter;
    clear.hidden = !filtered(route);
  };

  const showPrinters = (mine: Printer[]) => {
    printers = mine;
    replaceChildren(
      printerSelect,
      el("option", { value: "" }, "Any size"),
      ...mine.map((p) => el("option", { value: p.id }, `${p.name} (${formatBuildVolume(p)})`)),
    );
    // Keep a linked printer id selectable even before (or without) the list naming it.
    if (route.fitsPrinter && !mine.some((p) => p.id === route.fitsPrinter)) {
      printerSelect.append(el("option", { value: route.fitsPrinter }, `Printer ${route.fitsPrinter}`));
    }
    showInputs();
    if (shownTotal) setText(summary, summaryText(shownTotal.total, shownTotal.route, printers));
  };

  const load = (): void => {
    const mine = ++requestNumber;
    const shown = route;
    list.setAttribute("aria-busy", "true");
    if (list.childElementCount === 0) replaceChildren(list, loadingNotice("designs"));
    else list.classList.add("is-loading");
    listDesigns(shown.pageNumber, GALLERY_PAGE_SIZE, shown)
      .then((result) => {
        if (disposed || mine !== requestNumber) return;
        list.setAttribute("aria-busy", "false");
        list.classList.remove("is-loading");
        const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
        shownTotal = { total: result.total, route: shown };
        setText(summary, summaryText(result.total, shown, printers));
        if (result.designs.length === 0) {
          replaceChildren(
            list,
            emptyNotice(
              result.total > 0
                ? "This page is empty."
                : filtered(shown)
                  ? "No designs match. Try fewer words, another tag, or clear the filters."
                  : "No designs yet. Publish the first one with the form.",
            ),
            result.total > 0 ? pagination(shown, Math.min(shown.pageNumber, pageCount), pageCount) : null,
          );
          return;
        }
        replaceChildren(
          list,
          el("div", { class: "design-grid" }, ...result.designs.map(designCard)),
          pageCount > 1 ? pagination(shown, result.page, pageCount) : null,
        );
        if (focusFirstCard) list.querySelector<HTMLElement>("[data-testid=design-card]")?.focus({ preventScroll: true });
        focusFirstCard = false;
      })
      .catch((error: unknown) => {
        if (disposed || mine !== requestNumber) return;
        list.setAttribute("aria-busy", "false");
        list.classList.remove("is-loading");
        setText(summary, "");
        replaceChildren(list, errorNotice(errorMessage(error), load));
      });
  };

  showPrinters([]);
  load();
  // Signed out, the hub answers 401: no printers, no filter.
  listPrinters()
    .then((mine) => {
      if (!disposed) showPrinters(mine);
    })
    .catch(() => undefined);

  const page: Page = {
    get title() {
      return galleryTitle(route);
    },
    element,
    dispose: () => {
      disposed = true;
      clearTimeout(debounce);
    },
    update(next) {
      if (next.page !== "gallery") return false;
      const pageChanged = next.pageNumber !== route.pageNumber;
      focusFirstCard = pageChanged && list.contains(document.activeElement);
      route = next;
      showPrinters(printers);
      load();
      if (pageChanged) filtersForm.scrollIntoView({ block: "start" });
      return true;
    },
  };
  return page;
}

function currentHref(): string {
  return location.hash === "" || location.hash === "#" ? "#/" : location.hash;
}

function filtered(route: GalleryFilters): boolean {
  return Boolean(route.q || route.tag || route.license || route.fitsPrinter);
}

function formatBuildVolume({ capabilities: { buildVolume: v } }: Printer): string {
  return `${formatCount(v.x)} × ${formatCount(v.y)} × ${formatCount(v.z)} mm`;
}

function galleryTitle(route: GalleryRoute): string {
  const base = route.q ? `Designs matching “${route.q}”` : route.tag ? `Designs tagged ${route.tag}` : "Designs";
  return route.pageNumber > 1 ? `${base}, page ${route.pageNumber}` : base;
}

function summaryText(total: number, route: GalleryFilters, printers: readonly Printer[]): string {
  const count = `${formatCount(total)} ${total === 1 ? "design" : "designs"}`;
  if (!filtered(route)) return count;
  const parts = [
    route.q ? `matching “${route.q}”` : null,
    route.tag ? `tagged ${route.tag}` : null,
    route.license ? `under ${explainLicense(route.license).name}` : null,
    route.fitsPrinter ? `that fit ${printers.find((p) => p.id === route.fitsPrinter)?.name ?? "your printer"}` : null,
  ].filter((p): p is string => p !== null);
  return `${count} ${parts.join(", ")}`;
}

function pagination(route: GalleryRoute, page: number, pageCount: number): HTMLElement {
  const link = (target: number, label: string, text: string, rel?: string) =>
    el("a", { class: "button", href: routeHref({ ...route, pageNumber: target }), rel, "aria-label": label }, text);
  const disabled = (text: string) => el("span", { class: "button button-disabled", "aria-hidden": "true" }, text);
  return el(
    "nav",
    { class: "pagination", "aria-label": "Pages", "data-testid": "pagination" },
    page > 1 ? link(1, "First page", "«") : disabled("«"),
    page > 1 ? link(page - 1, "Previous page", "← Previous", "prev") : disabled("← Previous"),
    el("span", { class: "pagination-status", "aria-current": "page" }, `Page ${formatCount(page)} of ${formatCount(pageCount)}`),
    page < pageCount ? link(page + 1, "Next page", "Next →", "next") : disabled("Next →"),
    page < pageCount ? link(pageCount, "Last page", "»") : disabled("»"),
  );
}
