/**
 * The design page's "Remixes" panel: the attribution chain ("Remix of X by Y ← Z by W"), the
 * designs that remix this one, and the "Remix" button, which opens the upload form for your
 * changed model; it is published as a new design of yours that credits this one (the hub records
 * the link; it cannot be edited away) and opened.
 */
import { LICENSES, remixLicenses, type Design, type DesignRef, type License } from "@peerfab/protocol";
import { explainLicense } from "../format/license.ts";
import { routeHref } from "../routing/route.ts";
import { el } from "./dom.ts";
import { uploadForm } from "./upload-form.ts";

export function remixPanel(design: Design): HTMLElement {
  const chain = design.remixOf ?? [];
  const remixes = design.remixes ?? [];
  const button = el("button", { type: "button", class: "button", "aria-expanded": "false", "data-testid": "remix-button" }, "Remix this design");
  const formSlot = el("div", { class: "remix-form-slot" });
  const allowed = remixLicenses(design.license);

  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    if (open) {
      formSlot.replaceChildren();
      return;
    }
    const form = uploadForm({ remixOf: design });
    formSlot.replaceChildren(form);
    form.querySelector<HTMLInputElement>("input[type=file]")?.focus();
  });

  return el(
    "section",
    { class: "panel", "aria-labelledby": "remix-heading", "data-testid": "remix-panel" },
    el("h2", { id: "remix-heading" }, "Remixes"),
    chain.length > 0 ? el("p", { class: "remix-chain", "data-testid": "remix-chain" }, "Remix of ", ...chainNodes(chain)) : null,
    remixes.length > 0
      ? el(
          "div",
          {},
          el("p", {}, `Remixed ${remixes.length === 1 ? "once" : `${remixes.length} times`}:`),
          el("ul", { class: "remix-list", "data-testid": "remix-list" }, ...remixes.map((r) => el("li", {}, refLink(r)))),
        )
      : el("p", { class: "field-help" }, "No remixes yet."),
    el(
      "p",
      { class: "field-help" },
      `A remix is your own design that credits ${design.authorName}. ${licenseRule(allowed)}`,
    ),
    button,
    formSlot,
  );
}

/** What license a remix may carry, in words. */
function licenseRule(allowed: readonly License[]): string {
  const names = allowed.map((l) => explainLicense(l).name);
  if (allowed.length === LICENSES.length) return "You choose its license.";
  if (names.length === 1) return `It must be shared under ${names[0]}, as the original.`;
  return `It must stay non-commercial: ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}.`;
}

/** "X by Y ← Z by W": each a link, nearest first. */
function chainNodes(chain: readonly DesignRef[]): (Node | string)[] {
  const nodes: (Node | string)[] = [];
  chain.forEach((ref, i) => {
    if (i > 0) nodes.push(el("span", { class: "remix-arrow", "aria-label": ", which is a remix of" }, " ← "));
    nodes.push(refLink(ref));
  });
  return nodes;
}

function refLink(ref: DesignRef): HTMLElement {
  return el("span", {}, el("a", { href: routeHref({ page: "design", designId: ref.id }) }, ref.title), ` by ${ref.authorName}`);
}
