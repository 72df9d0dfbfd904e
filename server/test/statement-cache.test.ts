/**
 * db/statement-cache.ts: the prepared statements the Kysely driver is handed are reused by SQL
 * text, answer with the data as it is now, stay within their capacity, and closing closes SQLite.
 */
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cachingStatements } from "../src/db/statement-cache.ts";

describe("cachingStatements", () => {
  it("reuses a statement for the same SQL and reads current rows through it", () => {
    const sqlite = new SQLite(":memory:");
    const db = cachingStatements(sqlite);
    db.prepare("create table printers (id text primary key)").run([]);
    const select = db.prepare("select id from printers order by id");
    expect(select.all([])).toEqual([]);
    db.prepare("insert into printers (id) values (?)").run(["p1"]);
    db.prepare("insert into printers (id) values (?)").run(["p2"]);
    expect(db.prepare("select id from printers order by id")).toBe(select);
    expect(select.all([])).toEqual([{ id: "p1" }, { id: "p2" }]);
    db.close();
  });

  it("drops the least recently used statement beyond its capacity", () => {
    const db = cachingStatements(new SQLite(":memory:"), 2);
    const one = db.prepare("select 1");
    const two = db.prepare("select 2");
    expect(db.prepare("select 1")).toBe(one); // now "select 2" is the oldest
    db.prepare("select 3");
    expect(db.prepare("select 1")).toBe(one);
    expect(db.prepare("select 2")).not.toBe(two);
    db.close();
  });

  it("closes the database", () => {
    const sqlite = new SQLite(":memory:");
    cachingStatements(sqlite).close();
    expect(sqlite.open).toBe(false);
  });
});
