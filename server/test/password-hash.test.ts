import { describe, expect, it } from "vitest";
import { DEFAULT_COST, hashPassword, needsRehash, verifyPassword } from "../src/services/password-hash.ts";

describe("password hashes", () => {
  it("encode scrypt with its parameters and a per-user salt, and verify only the right password", async () => {
    const first = await hashPassword("correct horse battery");
    const second = await hashPassword("correct horse battery");
    expect(first).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(second).not.toBe(first);
    expect(await verifyPassword("correct horse battery", first)).toBe(true);
    expect(await verifyPassword("correct horse batterY", first)).toBe(false);
    expect(await verifyPassword("correct horse battery", "scrypt$15$8$1$bad")).toBe(false);
    expect(await verifyPassword("anything", "plain text")).toBe(false);
  });

  it("ask for a rehash when the stored cost is below the current one", async () => {
    const cheap = await hashPassword("correct horse battery", { logN: 10, r: 8, p: 1 });
    expect(await verifyPassword("correct horse battery", cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(await hashPassword("x", DEFAULT_COST))).toBe(false);
  });
});
