import { describe, expect, it } from "vitest";
import { parseTags } from "../src/designs/tags.ts";

describe("parseTags", () => {
  it("splits at commas, trims, folds case and drops blanks and repeats", () => {
    expect(parseTags(" Kitchen, hooks ,, wall-mount, kitchen ")).toEqual({ ok: true, tags: ["kitchen", "hooks", "wall-mount"] });
    expect(parseTags("")).toEqual({ ok: true, tags: [] });
  });

  it("names the first tag that is not one, in words", () => {
    const result = parseTags("tools, wall mount");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/^'wall mount' is not a tag: use 1–32 letters, digits or '-'/);
    expect(parseTags("-dash").ok).toBe(false);
  });

  it("refuses more than 20 tags", () => {
    const result = parseTags(Array.from({ length: 21 }, (_, i) => `t${i}`).join(","));
    expect(result).toEqual({ ok: false, problem: "That is 21 tags; a design has at most 20. Keep the ones people would search for." });
  });
});
