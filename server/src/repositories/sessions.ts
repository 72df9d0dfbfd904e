import type { Db } from "../db/database.ts";

/** A stored browser session, found by the sha256 of the id in the cookie. */
export interface StoredSession {
  idHash: string;
  userId: string;
  lastSeenAt: string;
  expiresAt: string;
}

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(session: StoredSession, createdAt: string): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({ id_hash: session.idHash, user_id: session.userId, created_at: createdAt, last_seen_at: session.lastSeenAt, expires_at: session.expiresAt })
      .execute();
  }

  async find(idHash: string): Promise<StoredSession | undefined> {
    const row = await this.db.selectFrom("sessions").selectAll().where("id_hash", "=", idHash).executeTakeFirst();
    return row ? { idHash: row.id_hash, userId: row.user_id, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at } : undefined;
  }

  async extend(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db.updateTable("sessions").set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where("id_hash", "=", idHash).execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
  }

  /** Drops sessions that expired before `now` (ISO strings compare in time order). */
  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("expires_at", "<", now).execute();
  }
}
