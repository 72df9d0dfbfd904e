/**
 * Password hashes with node's scrypt (RFC 7914), off the event loop (crypto.scrypt runs on libuv's
 * thread pool). The string carries its parameters — `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`,
 * base64url — so the cost can be raised later: `needsRehash` tells the sign-in to upgrade it.
 */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";

export interface ScryptCost {
  /** log2 of N, the CPU/memory cost. */
  logN: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8, p = 1: 32 MiB, about 0.1–0.25 s per hash (0.24 s measured on the shared 2-core CI VM). */
export const DEFAULT_COST: ScryptCost = { logN: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  // scrypt needs 128·N·r bytes; allow twice that (node refuses above `maxmem`, default 32 MiB).
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return ["scrypt", cost.logN, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

function parse(encoded: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 24) return null;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const key = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length === 0 || key.length === 0) return null;
  return { cost: { logN, r, p }, salt, key };
}

/** True when `password` matches `encoded`. A malformed hash never matches. Constant-time compare. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when `encoded` was made with less work than `cost` (or cannot be read): hash it again. */
export function needsRehash(encoded: string, cost: ScryptCost = DEFAULT_COST): boolean {
  const parsed = parse(encoded);
  if (!parsed) return true;
  return parsed.cost.logN < cost.logN || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

/**
 * Spends the same work as a real check, for a sign-in with an unknown email, so the answer's
 * timing does not tell which emails have accounts.
 */
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("peerfab-no-such-account");
  await verifyPassword(password, await dummyHash);
  return false;
}
