/** `Content-Digest` (RFC 9530) for sliced G-code uploads: what the bridge writes, the hub reads back. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256ContentDigest, sha256FromContentDigest, slicedGcodePath } from "../src/sliced-gcode.ts";

describe("sliced G-code wire format", () => {
  const hex = createHash("sha256").update("G28\n").digest("hex");
  const base64 = createHash("sha256").update("G28\n").digest("base64");

  it("writes the sha256 as RFC 9530 base64 between colons", () => {
    expect(sha256ContentDigest(hex)).toBe(`sha-256=:${base64}:`);
  });

  it("reads the sha-256 member, also beside other algorithms", () => {
    expect(sha256FromContentDigest(sha256ContentDigest(hex))).toBe(hex);
    expect(sha256FromContentDigest(`sha-512=:${createHash("sha512").update("x").digest("base64")}:, sha-256=:${base64}:`)).toBe(hex);
  });

  it("answers null for a missing, other-algorithm, truncated or malformed digest", () => {
    for (const header of [undefined, null, "", "sha-512=:AAAA:", `sha-256=${base64}`, "sha-256=:AAAA:", "sha-256=:not base64!:"]) {
      expect(sha256FromContentDigest(header)).toBeNull();
    }
  });

  it("puts the job id into the path safely", () => {
    expect(slicedGcodePath("job 1/x")).toBe("/api/jobs/job%201%2Fx/sliced-gcode");
  });
});
