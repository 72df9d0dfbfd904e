/**
 * What each license lets a maker do, in plain words. The record is keyed by every License in
 * the protocol, so a license added there fails to compile here until it is explained.
 */
import { licenseAllowsCommercialUse, type License } from "@peerfab/protocol";

export interface LicenseExplanation {
  readonly name: string;
  readonly summary: string;
  readonly url: string;
}

export const LICENSE_EXPLANATIONS: Readonly<Record<License, LicenseExplanation>> = {
  "CC0-1.0": {
    name: "CC0 1.0 (public domain)",
    summary: "No conditions: print, change, share and sell it, with or without credit.",
    url: "https://creativecommons.org/publicdomain/zero/1.0/",
  },
  "CC-BY-4.0": {
    name: "CC BY 4.0",
    summary: "Print, change, share and sell it, as long as you credit the designer.",
    url: "https://creativecommons.org/licenses/by/4.0/",
  },
  "CC-BY-SA-4.0": {
    name: "CC BY-SA 4.0",
    summary: "Print, change, share and sell it with credit; remixes must be shared under the same license.",
    url: "https://creativecommons.org/licenses/by-sa/4.0/",
  },
  "CC-BY-NC-4.0": {
    name: "CC BY-NC 4.0",
    summary: "Print, change and share it with credit, but not for money: no paid print jobs.",
    url: "https://creativecommons.org/licenses/by-nc/4.0/",
  },
  "CC-BY-NC-SA-4.0": {
    name: "CC BY-NC-SA 4.0",
    summary:
      "Print, change and share it with credit, not for money; remixes must be shared under the same license.",
    url: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
  },
  "GPL-3.0-or-later": {
    name: "GPL 3.0 or later",
    summary: "Use, change, share and sell it; anyone you give it to gets the same freedoms and the source files.",
    url: "https://www.gnu.org/licenses/gpl-3.0.html",
  },
  "CERN-OHL-S-2.0": {
    name: "CERN OHL-S 2.0",
    summary:
      "Make, change and sell it; if you distribute it or products made from it, you must share your modified design files under the same license.",
    url: "https://ohwr.org/cern_ohl_s_v2.txt",
  },
};

export function explainLicense(license: License): LicenseExplanation {
  return LICENSE_EXPLANATIONS[license];
}

/** A short label for badges: "Commercial use OK" or "Non-commercial". */
export function commercialUseLabel(license: License): string {
  return licenseAllowsCommercialUse(license) ? "Commercial use OK" : "Non-commercial";
}
