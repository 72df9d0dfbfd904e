/** Migration 0007 rebuilds the jobs table (gcode_file_id becomes nullable): every job and its history survive. */
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { migrationProvider } from "../src/db/migrations.ts";
import { JobRepository } from "../src/repositories/jobs.ts";

describe("migration 0007-marketplace", () => {
  let dir = "";
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keeps the jobs and their transitions, and lets a job have no G-code", async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-mkt-migration-"));
    const file = join(dir, "peerfab.sqlite");
    const sqlite = new SQLite(file);
    sqlite.pragma("foreign_keys = ON");
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    const result = await new Migrator({ db: old, provider: migrationProvider }).migrateTo("0006-previews");
    expect(result.error).toBeUndefined();
    await sql`INSERT INTO users (id, display_name, created_at) VALUES ('usr_1', 'Ada', '2024-01-01')`.execute(old);
    await sql`INSERT INTO designs (id, title, description, license, author_id, created_at, updated_at) VALUES ('dsn_1', 'Cube', '', 'CC0-1.0', 'usr_1', '2024-01-01', '2024-01-01')`.execute(old);
    await sql`INSERT INTO design_files (id, design_id, name, kind, sha256, size, created_at) VALUES ('fil_1', 'dsn_1', 'cube.gcode', 'gcode', 'aa', 10, '2024-01-01')`.execute(old);
    await sql`INSERT INTO printers (id, owner_id, bridge_id, local_id, name, capabilities_json, created_at, updated_at) VALUES ('prn_1', 'usr_1', 'b', 'p', 'MK3', '{}', '2024-01-01', '2024-01-01')`.execute(old);
    await sql`INSERT INTO jobs (id, design_id, gcode_file_id, printer_id, maker_id, state, material, quantity, lines_done, lines_total, message, created_at, updated_at)
      VALUES ('job_1', 'dsn_1', 'fil_1', 'prn_1', 'usr_1', 'completed', 'PETG', 2, 7, 7, NULL, '2024-01-01', '2024-01-02')`.execute(old);
    await sql`INSERT INTO job_transitions (id, job_id, from_state, to_state, actor, at) VALUES ('jtr_1', 'job_1', NULL, 'accepted', 'maker', '2024-01-01'), ('jtr_2', 'job_1', 'accepted', 'completed', 'bridge', '2024-01-02')`.execute(old);
    await old.destroy();

    const db = await openDatabase(file);
    try {
      const jobs = new JobRepository(db);
      const job = await jobs.get("job_1");
      expect(job).toMatchObject({ gcodeFileId: "fil_1", printerId: "prn_1", state: "completed", material: "PETG", quantity: 2, linesDone: 7, target: { kind: "printer", printerId: "prn_1" }, shopId: null });
      expect(job?.history.map((t) => t.to)).toEqual(["accepted", "completed"]);
      await jobs.insert({ id: "job_2", designId: "dsn_1", gcodeFileId: null, modelFileId: null, printerId: null, makerId: "usr_1", state: "open", material: "PLA", quantity: 1, linesTotal: 0, createdAt: "2024-02-01", target: { kind: "open", withinKm: 10 } }, "maker", "usr_1");
      expect((await jobs.get("job_2"))?.gcodeFileId).toBeNull();
      expect((await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
