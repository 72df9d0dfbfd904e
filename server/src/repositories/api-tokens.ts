import type { Db } from "../db/database.ts";
import { newId, nowIso } from "../ids.ts";

/** API tokens by their sha256 hash; the plaintext never reaches the database. */
export class ApiTokenRepository {
  constructor(private readonly db: Db) {}

  async insert(userId: string, tokenHash: string, label: string): Promise<void> {
    await this.db
      .insertInto("api_tokens")
      .values({ id: newId("tok"), user_id: userId, token_hash: tokenHash, label, created_at: nowIso() })
      .execute();
  }

  async findUserId(tokenHash: string): Promise<string | undefined> {
    const row = await this.db.selectFrom("api_tokens").select("user_id").where("token_hash", "=", tokenHash).executeTakeFirst();
    return row?.user_id;
  }
}
