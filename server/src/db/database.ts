/**
 * The one module that knows the database driver: opens SQLite (WAL) through better-sqlite3 behind
 * Kysely and runs the migrations. A PostgreSQL deployment swaps the dialect here and nothing else.
 */
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { migrationProvider } from "./migrations.ts";
import type { Database } from "./schema.ts";
import { cachingStatements } from "./statement-cache.ts";

export type Db = Kysely<Database>;

export async function openDatabase(file: string): Promise<Db> {
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL + NORMAL: commits no longer wait for an fsync each (which blocked the event loop for every
  // job transition); the database stays consistent, a power cut may lose the last transactions.
  sqlite.pragma("synchronous = NORMAL");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error ?? "unknown error");
    throw new Error(
      `Database migration ${failed?.migrationName ?? ""} failed in ${file}: ${reason}. Restore a backup of the data directory or start with an empty one.`,
    );
  }
  return db;
}
