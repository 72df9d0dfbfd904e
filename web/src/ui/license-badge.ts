import type { License } from "@peerfab/protocol";
import { licenseAllowsCommercialUse } from "@peerfab/protocol";
import { explainLicense } from "../format/license.ts";
import { el } from "./dom.ts";

/** A compact license label; the title attribute carries its meaning. */
export function licenseBadge(license: License): HTMLElement {
  const explanation = explainLicense(license);
  return el(
    "span",
    {
      class: licenseAllowsCommercialUse(license) ? "badge badge-license" : "badge badge-license badge-nc",
      title: explanation.summary,
      "data-testid": "license-badge",
    },
    explanation.name,
  );
}
