import { LICENSES } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { commercialUseLabel, explainLicense } from "../src/format/license.ts";

describe("license explanations", () => {
  it("explains every license the protocol allows, with a link to its text", () => {
    for (const license of LICENSES) {
      const explanation = explainLicense(license);
      expect(explanation.summary.length).toBeGreaterThan(20);
      expect(explanation.url).toMatch(/^https:\/\//);
    }
  });

  it("says in words that NC licenses forbid paid jobs", () => {
    expect(explainLicense("CC-BY-NC-4.0").summary).toMatch(/not for money/);
    expect(commercialUseLabel("CC-BY-NC-SA-4.0")).toBe("Non-commercial");
    expect(commercialUseLabel("CC-BY-4.0")).toBe("Commercial use OK");
  });
});
