import type { Db } from "../db/database.ts";
import type { UserRow } from "../db/schema.ts";
import { nowIso } from "../ids.ts";

export interface User {
  id: string;
  displayName: string;
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async ensure(user: User): Promise<User> {
    await this.db
      .insertInto("users")
      .values({ id: user.id, display_name: user.displayName, created_at: nowIso() })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const row = await this.find(user.id);
    if (!row) throw new Error(`user ${user.id} vanished right after it was created`);
    return row;
  }

  async find(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, displayName: row.display_name };
}
