/**
 * Prepared statements reused by SQL text. Kysely's SQLite driver calls `prepare(sql)` for every
 * query, and compiling the SQL was the hub's largest single cost under bench:queue (50 job
 * creates a second, each a dozen queries to create, record and dispatch the job). This wraps a better-sqlite3 database so the
 * driver gets the statement compiled the first time; the least recently used are dropped beyond
 * `capacity` (queries with `IN (?, ?, …)` lists make new texts). Safe because the driver runs one
 * query at a time on the single connection and never leaves a statement iterating.
 */
import type { Database as SqliteDatabase, Statement } from "better-sqlite3";
import type { SqliteDatabase as KyselySqliteDatabase } from "kysely";

export function cachingStatements(database: SqliteDatabase, capacity = 500): KyselySqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql: string): Statement {
      const cached = statements.get(sql);
      if (cached) {
        // Re-inserting moves it to the end: the Map's order is the recency order.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
    close(): void {
      statements.clear();
      database.close();
    },
  };
}
