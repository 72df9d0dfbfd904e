import type { Db } from "../db/database.ts";
import type { UserRow } from "../db/schema.ts";
import { nowIso } from "../ids.ts";

export interface User {
  id: string;
  displayName: string;
}

/** A user with what they see of themselves (`GET /api/auth/me`). */
export interface UserAccount extends User {
  email: string | null;
}

/** What a password sign-in needs: the user and their stored hash. */
export interface UserCredentials {
  user: User;
  passwordHash: string | null;
}

export class EmailTakenError extends Error {}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async ensure(user: User): Promise<User> {
    await this.db
      .insertInto("users")
      .values({ id: user.id, display_name: user.displayName, created_at: nowIso(), email: null, password_hash: null })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const row = await this.find(user.id);
    if (!row) throw new Error(`user ${user.id} vanished right after it was created`);
    return row;
  }

  /** Inserts an account that signs in with `email` (already normalised); EmailTakenError when it is in use. */
  async create(account: { id: string; email: string; displayName: string; passwordHash: string }): Promise<User> {
    try {
      await this.db
        .insertInto("users")
        .values({ id: account.id, display_name: account.displayName, email: account.email, password_hash: account.passwordHash, created_at: nowIso() })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError(account.email);
      throw error;
    }
    return { id: account.id, displayName: account.displayName };
  }

  async find(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async account(id: string): Promise<UserAccount | undefined> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? { ...toUser(row), email: row.email } : undefined;
  }

  async credentialsByEmail(email: string): Promise<UserCredentials | undefined> {
    const row = await this.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
    return row ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", id).execute();
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, displayName: row.display_name };
}

/** SQLite's SQLITE_CONSTRAINT_UNIQUE, or PostgreSQL's 23505. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  return error.code === "SQLITE_CONSTRAINT_UNIQUE" || error.code === "23505";
}
