/** Which licenses a remix may carry. */
import { describe, expect, it } from "vitest";
import { LICENSES, remixLicenseProblem, remixLicenses } from "../src/index.ts";

describe("remix licenses", () => {
  it("passes share-alike and copyleft licenses on unchanged", () => {
    for (const license of ["CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "GPL-3.0-or-later", "CERN-OHL-S-2.0"] as const) {
      expect(remixLicenses(license)).toEqual([license]);
      expect(remixLicenseProblem(license, "CC-BY-4.0")).toMatch(new RegExp(`must keep ${license}`));
    }
  });

  it("keeps NonCommercial non-commercial", () => {
    expect(remixLicenses("CC-BY-NC-4.0")).toEqual(["CC-BY-NC-4.0", "CC-BY-NC-SA-4.0"]);
    expect(remixLicenseProblem("CC-BY-NC-4.0", "CC0-1.0")).toMatch(/non-commercial/);
    expect(remixLicenseProblem("CC-BY-NC-4.0", "CC-BY-NC-SA-4.0")).toBeNull();
  });

  it("lets remixes of CC0 and CC-BY choose any license, the original's first", () => {
    for (const license of ["CC0-1.0", "CC-BY-4.0"] as const) {
      expect(remixLicenses(license)[0]).toBe(license);
      expect([...remixLicenses(license)].sort()).toEqual([...LICENSES].sort());
    }
  });
});
