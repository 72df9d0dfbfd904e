import type { ApiToken } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import type { ApiTokenRow } from "../db/schema.ts";
import { newId, nowIso } from "../ids.ts";

/** The token a secret belongs to, while it is not revoked. */
export interface ActiveToken {
  id: string;
  userId: string;
  lastUsedAt: string | null;
}

/** API tokens by their sha256 hash; the plaintext never reaches the database. */
export class ApiTokenRepository {
  constructor(private readonly db: Db) {}

  async insert(userId: string, tokenHash: string, label: string): Promise<ApiToken> {
    const row: ApiTokenRow = { id: newId("tok"), user_id: userId, token_hash: tokenHash, label, created_at: nowIso(), revoked_at: null, last_used_at: null };
    await this.db.insertInto("api_tokens").values(row).execute();
    return toApiToken(row);
  }

  async findActive(tokenHash: string): Promise<ActiveToken | undefined> {
    const row = await this.db
      .selectFrom("api_tokens")
      .select(["id", "user_id", "last_used_at"])
      .where("token_hash", "=", tokenHash)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return row ? { id: row.id, userId: row.user_id, lastUsedAt: row.last_used_at } : undefined;
  }

  async markUsed(id: string, at: string): Promise<void> {
    await this.db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  /** The user's tokens, newest first, revoked ones included. */
  async listForUser(userId: string): Promise<ApiToken[]> {
    const rows = await this.db.selectFrom("api_tokens").selectAll().where("user_id", "=", userId).orderBy("id", "desc").execute();
    return rows.map(toApiToken);
  }

  async get(id: string): Promise<{ token: ApiToken; userId: string } | undefined> {
    const row = await this.db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? { token: toApiToken(row), userId: row.user_id } : undefined;
  }

  /** Revokes a token that is not revoked yet; false when there was nothing to revoke. */
  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable("api_tokens").set({ revoked_at: at }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return { id: row.id, label: row.label, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}
