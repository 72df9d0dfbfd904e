/**
 * Issue #4's limits are configurable from the environment: PEERFAB_MAX_UPLOAD_MB (default 256)
 * and PEERFAB_MAX_TRIANGLES (default 10,000,000) reach the hub's options, and a value that is not
 * a whole number above 0 stops the start with a sentence naming the variable.
 */
import { describe, expect, it } from "vitest";
import { hubOptions, readEnvironment } from "../src/environment.ts";

describe("upload limits from the environment", () => {
  it("defaults to 256 MB and 10,000,000 triangles", () => {
    const options = hubOptions(readEnvironment({}), undefined, false);
    expect(options.maxUploadBytes).toBe(256 * 1024 * 1024);
    expect(options.maxTriangles).toBe(10_000_000);
  });

  it("takes PEERFAB_MAX_UPLOAD_MB and PEERFAB_MAX_TRIANGLES", () => {
    const options = hubOptions(readEnvironment({ PEERFAB_MAX_UPLOAD_MB: "12", PEERFAB_MAX_TRIANGLES: "2500000" }), undefined, false);
    expect(options.maxUploadBytes).toBe(12 * 1024 * 1024);
    expect(options.maxTriangles).toBe(2_500_000);
  });

  it.each([
    ["PEERFAB_MAX_UPLOAD_MB", "0"],
    ["PEERFAB_MAX_UPLOAD_MB", "lots"],
    ["PEERFAB_MAX_TRIANGLES", "1.5"],
    ["PEERFAB_MAX_TRIANGLES", "-3"],
  ])("refuses %s=%s in words", (name, value) => {
    expect(() => readEnvironment({ [name]: value })).toThrow(new RegExp(`${name} must be a whole number above 0; got '${value}'`));
  });
});
