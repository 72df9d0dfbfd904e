/**
 * DesignSearch on SQLite FTS5. The virtual table `design_search(title, description, tags)` (made by
 * migration 0004) holds one row per design, its rowid being `design_search_keys.doc_id`. Without
 * words the designs table is paged through its (created_at, id) and (license, created_at, id)
 * indexes; with words the FTS hits are joined to their designs, filtered and sorted newest first.
 * Plain SQL: this module is SQLite's, a PostgreSQL one would write its own.
 */
import { buildAxisLimit } from "@peerfab/protocol";
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../db/database.ts";
import type { DesignFilter, DesignSearch, SearchDocument, SearchPage } from "./design-search.ts";
import { sortedEdges } from "../repositories/design-size.ts";
import { fts5MatchExpression } from "./search-words.ts";

export class SqliteDesignSearch implements DesignSearch {
  constructor(private readonly db: Db) {}

  async index(db: Db, document: SearchDocument): Promise<void> {
    await db
      .insertInto("design_search_keys")
      .values({ design_id: document.designId })
      .onConflict((oc) => oc.column("design_id").doNothing())
      .execute();
    const { doc_id: docId } = await db
      .selectFrom("design_search_keys")
      .select("doc_id")
      .where("design_id", "=", document.designId)
      .executeTakeFirstOrThrow();
    await sql`INSERT OR REPLACE INTO design_search (rowid, title, description, tags)
      VALUES (${docId}, ${document.title}, ${document.description}, ${document.tags.join(" ")})`.execute(db);
  }

  async find(filter: DesignFilter, offset: number, limit: number): Promise<SearchPage> {
    const { rows } = await this.pageQuery(filter, offset, limit).execute(this.db);
    const { from, where } = this.matching(filter);
    const { rows: counted } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${from} ${where}`.execute(this.db);
    return { ids: rows.map((r) => r.id), total: Number(counted[0]?.n ?? 0) };
  }

  /** The ids of one page, newest first (public for the benchmark's EXPLAIN QUERY PLAN). */
  pageQuery(filter: DesignFilter, offset: number, limit: number): RawBuilder<{ id: string }> {
    const { from, where } = this.matching(filter);
    return sql<{ id: string }>`SELECT designs.id FROM ${from} ${where}
      ORDER BY designs.created_at DESC, designs.id DESC LIMIT ${limit} OFFSET ${offset}`;
  }

  private matching(filter: DesignFilter): { from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
    const conditions: RawBuilder<unknown>[] = [];
    const match = filter.text === undefined ? null : fts5MatchExpression(filter.text);
    if (match !== null) conditions.push(sql`design_search MATCH ${match}`);
    if (filter.license !== undefined) conditions.push(sql`designs.license = ${filter.license}`);
    if (filter.fits !== undefined) {
      // Sorted edges against sorted edges: the six axis-aligned orientations at once (repositories/design-size.ts),
      // each limit with protocol's slack, as `fitsBuildVolume` compares.
      const [a, b, c] = sortedEdges(filter.fits);
      conditions.push(
        sql`designs.size_small <= ${buildAxisLimit(a)} AND designs.size_middle <= ${buildAxisLimit(b)} AND designs.size_large <= ${buildAxisLimit(c)}`,
      );
    }
    if (filter.tag !== undefined) {
      // Alone, the tag's designs come from its index. With words, a correlated probe per FTS hit:
      // as `designs.id IN (…)` the planner carries the tag's id list into the FTS join and probes
      // all of it for every hit (450 ms at 10,000 designs; see server/BENCHMARKS.md).
      conditions.push(
        match === null
          ? sql`designs.id IN (SELECT design_id FROM design_tags WHERE tag = ${filter.tag})`
          : sql`EXISTS (SELECT 1 FROM design_tags WHERE design_tags.design_id = designs.id AND design_tags.tag = ${filter.tag})`,
      );
    }
    const from =
      match === null
        ? sql`designs`
        : sql`design_search JOIN design_search_keys ON design_search_keys.doc_id = design_search.rowid JOIN designs ON designs.id = design_search_keys.design_id`;
    return { from, where: conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql`` };
  }
}
