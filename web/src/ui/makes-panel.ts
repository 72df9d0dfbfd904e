/** "Verified makes" on a design page (issue #6): completed jobs of this design — who, on which printer, in what. */
import type { Design } from "@peerfab/protocol";
import { formatTimestamp } from "../format/units.ts";
import { el } from "./dom.ts";

export function makesPanel(design: Design): HTMLElement {
  const makes = design.makes ?? [];
  return el(
    "section",
    { class: "panel", "aria-labelledby": "makes-heading", "data-testid": "makes-panel" },
    el("h2", { id: "makes-heading" }, `Verified makes (${makes.length})`),
    makes.length === 0
      ? el("p", {}, "Nobody has printed this design through PeerFab yet. A completed print appears here.")
      : el(
          "ul",
          { class: "makes-list" },
          ...makes.map((make) =>
            el(
              "li",
              { "data-testid": "make-row" },
              el("strong", {}, make.makerName),
              ` made it in ${make.material} on ${make.printerName}, `,
              el("time", { datetime: make.at }, formatTimestamp(make.at)),
            ),
          ),
        ),
  );
}
