/**
 * One polite live region for the whole app (`role="status"`, visually hidden): changes that a
 * screen reader would otherwise miss — a button's label turning into a question — are read out
 * when the reader is idle. Created in the document before its first message, since readers
 * ignore live regions that appear together with their text.
 */
import { el } from "./dom.ts";

let region: HTMLElement | undefined;

/** The live region, added to the document if it is not there yet. */
export function politeRegion(): HTMLElement {
  if (!region?.isConnected) {
    region = el("div", { role: "status", "aria-live": "polite", class: "visually-hidden", "data-testid": "announcer" });
    document.body.append(region);
  }
  return region;
}

/** Reads `text` out politely; the same text twice is read twice (each message is a new node). */
export function announce(text: string): void {
  politeRegion().replaceChildren(el("p", {}, text));
}
