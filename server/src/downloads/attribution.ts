/**
 * README.txt for a design's downloads: title, author, license and where to read it, so the
 * attribution travels with the files. Pure.
 */
import type { License } from "@peerfab/protocol";

export const LICENSE_URLS: Readonly<Record<License, string>> = {
  "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
  "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
  "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
  "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
  "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
  "GPL-3.0-or-later": "https://www.gnu.org/licenses/gpl-3.0.html",
  "CERN-OHL-S-2.0": "https://ohwr.org/cern_ohl_s_v2.txt",
};

export interface AttributionFacts {
  title: string;
  authorName: string;
  license: License;
  description: string;
  createdAt: string;
  /** The design's page, when the hub knows its public address. */
  pageUrl?: string | null;
  files: readonly string[];
}

export function licenseLine(license: License): string {
  return `${license} (${LICENSE_URLS[license]})`;
}

export function attributionReadme(facts: AttributionFacts): string {
  const lines = [
    facts.title,
    "=".repeat(Math.min(facts.title.length, 72)),
    "",
    `Author:    ${facts.authorName}`,
    `License:   ${facts.license}`,
    `           ${LICENSE_URLS[facts.license]}`,
    `Published: ${facts.createdAt}`,
  ];
  if (facts.pageUrl) lines.push(`Source:    ${facts.pageUrl}`);
  if (facts.description.trim()) lines.push("", facts.description.trim());
  lines.push("", "Files:", ...facts.files.map((f) => `  ${f}`));
  lines.push("", `Keep this file with the design when you share or remix it: the license asks you to credit ${facts.authorName}.`, "");
  return lines.join("\n");
}
