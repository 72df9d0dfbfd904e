/** Status and error messages shown in place of content. */
import { el } from "./dom.ts";

export function loadingNotice(what: string): HTMLElement {
  return el("p", { class: "notice", role: "status" }, `Loading ${what}…`);
}

export function errorNotice(message: string, retry?: () => void): HTMLElement {
  return el(
    "div",
    { class: "notice notice-error", role: "alert" },
    el("p", {}, message),
    retry ? el("button", { type: "button", class: "button", onclick: retry }, "Try again") : null,
  );
}

export function emptyNotice(message: string): HTMLElement {
  return el("p", { class: "notice" }, message);
}
