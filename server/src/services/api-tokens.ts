/**
 * Per-user API tokens for bridges and scripts: made with a random secret shown once, stored as a
 * sha256 hash (the secret has 192 random bits, so a fast hash is enough), listed, and revoked —
 * a revoked token fails at once, and sockets opened with it are closed (`api-token:revoked`).
 */
import type { ApiToken, CreatedApiToken } from "@peerfab/protocol";
import { createHash, randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { notFound } from "../errors.ts";
import type { HubEvents } from "../hub-events.ts";
import { nowIso } from "../ids.ts";
import type { ApiTokenRepository } from "../repositories/api-tokens.ts";
import type { User, UserRepository } from "../repositories/users.ts";

/** `last_used_at` is written at most this often per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface TokenHolder {
  user: User;
  tokenId: string;
}

export class ApiTokens {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly users: UserRepository,
    private readonly events: HubEvents,
  ) {}

  /** Makes a token for `userId`; the answer is the only place its plaintext ever appears. */
  async create(userId: string, label: string): Promise<CreatedApiToken> {
    const token = `pf_${randomBytes(24).toString("base64url")}`;
    const stored = await this.tokens.insert(userId, hashToken(token), label);
    return { ...stored, token };
  }

  /** The user a token belongs to, unless it is unknown or revoked. */
  async authenticate(token: string): Promise<TokenHolder | undefined> {
    if (token.length === 0 || token.length > 200) return undefined;
    const active = await this.tokens.findActive(hashToken(token));
    if (!active) return undefined;
    const user = await this.users.find(active.userId);
    if (!user) return undefined;
    const now = Date.now();
    if (active.lastUsedAt === null || now - Date.parse(active.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
      await this.tokens.markUsed(active.id, new Date(now).toISOString());
    }
    return { user, tokenId: active.id };
  }

  list(owner: User): Promise<ApiToken[]> {
    return this.tokens.listForUser(owner.id);
  }

  /** Revokes one of `owner`'s tokens (again is harmless); another user's token is "not found". */
  async revoke(owner: User, tokenId: string): Promise<ApiToken> {
    const found = await this.tokens.get(tokenId);
    if (!found || found.userId !== owner.id) {
      throw notFound("token", `You have no API token '${tokenId}'. GET /api/tokens lists yours.`);
    }
    if (await this.tokens.revoke(tokenId, nowIso())) {
      this.events.emit("api-token:revoked", { tokenId, userId: owner.id });
    }
    const after = await this.tokens.get(tokenId);
    return after?.token ?? found.token;
  }

  /**
   * The local owner's bridge token, kept in `file` (mode 0600) for the bridge started beside the
   * hub. Reuses the token in the file while it still works; otherwise makes a new one.
   */
  async ensureTokenFile(userId: string, file: string): Promise<string> {
    const existing = await readFile(file, "utf8").then(
      (text) => text.trim(),
      () => "",
    );
    if (existing && (await this.authenticate(existing))?.user.id === userId) return existing;
    const { token } = await this.create(userId, "bridge");
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    return token;
  }
}
