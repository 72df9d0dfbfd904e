/** Migration 0004 on a database from before it: versions numbered, updated_at set, every design searchable. */
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import SQLite from "better-sqlite3";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { migrationProvider } from "../src/db/migrations.ts";
import { DesignRepository } from "../src/repositories/designs.ts";
import { SqliteDesignSearch } from "../src/search/sqlite-design-search.ts";

describe("migration 0004-design-metadata", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("numbers existing files of the same name as versions and backfills the search index", async () => {
    const dir = await mkdtemp(join(tmpdir(), "peerfab-migration-"));
    dirs.push(dir);
    const file = join(dir, "peerfab.sqlite");
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
    const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo("0003-thumbnails");
    expect(error).toBeUndefined();
    await sql`INSERT INTO users (id, display_name, created_at) VALUES ('usr_a', 'Ada', '2024-01-01T00:00:00.000Z')`.execute(old);
    await sql`INSERT INTO designs (id, title, description, license, author_id, created_at) VALUES
      ('dsn_1', 'Spool holder', 'Holds a 1 kg spool', 'CC-BY-4.0', 'usr_a', '2024-01-02T00:00:00.000Z'),
      ('dsn_2', 'Cable comb', 'Tidy wires', 'CC0-1.0', 'usr_a', '2024-01-03T00:00:00.000Z')`.execute(old);
    await sql`INSERT INTO design_files (id, design_id, name, kind, sha256, size, created_at) VALUES
      ('fil_1', 'dsn_1', 'holder.stl', 'stl', 'aa', 10, '2024-01-02T00:00:00.000Z'),
      ('fil_2', 'dsn_1', 'holder.stl', 'stl', 'bb', 11, '2024-01-04T00:00:00.000Z'),
      ('fil_3', 'dsn_1', 'arm.stl', 'stl', 'cc', 12, '2024-01-04T00:00:00.000Z'),
      ('fil_4', 'dsn_2', 'comb.stl', 'stl', 'dd', 13, '2024-01-03T00:00:00.000Z')`.execute(old);
    await old.destroy();

    const db = await openDatabase(file);
    try {
      const search = new SqliteDesignSearch(db);
      const designs = new DesignRepository(db, search);
      const holder = await designs.get("dsn_1");
      expect(holder?.updatedAt).toBe("2024-01-02T00:00:00.000Z");
      expect(holder?.tags).toEqual([]);
      expect(holder?.remixOf).toEqual([]);
      expect(holder?.files.map((f) => [f.id, f.version, f.previousVersions?.map((p) => [p.id, p.version])])).toEqual([
        ["fil_2", 2, [["fil_1", 1]]],
        ["fil_3", 1, []],
      ]);
      expect(await search.find({ text: "spool" }, 0, 10)).toEqual({ ids: ["dsn_1"], total: 1 });
      expect(await search.find({ text: "wire" }, 0, 10)).toEqual({ ids: ["dsn_2"], total: 1 });
      expect(await search.find({}, 0, 10)).toEqual({ ids: ["dsn_2", "dsn_1"], total: 2 });
    } finally {
      await db.destroy();
    }
  });
});
