/**
 * Which licenses a remix may carry, given the license of the design it remixes. Share-alike and
 * copyleft licenses (CC-BY-SA, CC-BY-NC-SA, GPL, CERN-OHL-S) pass on unchanged; NonCommercial
 * stays NonCommercial; CC0 and CC-BY let the remixer choose. Pure: the hub enforces it, the web
 * offers only these in its license picker.
 */
import { LICENSES, type License } from "./designs.ts";

/** Licenses whose adaptations must be shared under the same license. */
const SHARE_ALIKE: readonly License[] = ["CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "GPL-3.0-or-later", "CERN-OHL-S-2.0"];

function isNonCommercial(license: License): boolean {
  return license.includes("-NC");
}

/** The licenses a remix of a design under `original` may use; the first is the sensible default. */
export function remixLicenses(original: License): readonly License[] {
  if (SHARE_ALIKE.includes(original)) return [original];
  if (isNonCommercial(original)) return [original, ...LICENSES.filter((l) => l !== original && isNonCommercial(l))];
  return [original, ...LICENSES.filter((l) => l !== original)];
}

/** Null when a remix of `original` may use `remix`; otherwise a sentence saying why not and what to pick. */
export function remixLicenseProblem(original: License, remix: License): string | null {
  if (remixLicenses(original).includes(remix)) return null;
  if (SHARE_ALIKE.includes(original)) {
    return `The original is shared under ${original}, a share-alike license: a remix must keep ${original}.`;
  }
  return `The original is shared under ${original}, which forbids commercial use: a remix must stay non-commercial.`;
}
