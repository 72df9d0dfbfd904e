/**
 * Finding designs: full-text words, a tag, a license, newest first, a page at a time. The catalog
 * depends on this interface only; search/sqlite-design-search.ts implements it with SQLite FTS5,
 * and a PostgreSQL deployment adds a tsvector implementation beside it.
 */
import type { BuildVolume, License } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";

/** What a design is found by. */
export interface SearchDocument {
  designId: string;
  title: string;
  description: string;
  tags: readonly string[];
}

export interface DesignFilter {
  /** What the user typed in the search box, as typed (the implementation tokenises it). */
  text?: string | undefined;
  tag?: string | undefined;
  license?: License | undefined;
  /** Only designs whose primary mesh fits this build volume in some axis-aligned orientation. */
  fits?: BuildVolume | undefined;
}

export interface SearchPage {
  /** Matching design ids, newest first. */
  ids: string[];
  /** How many designs match in all. */
  total: number;
}

export interface DesignSearch {
  /**
   * Makes a design findable by its current text (insert or replace). `db` is the transaction
   * that writes the design, so the index never disagrees with the tables.
   */
  index(db: Db, document: SearchDocument): Promise<void>;
  /** One page of matching designs, newest first, and the total. */
  find(filter: DesignFilter, offset: number, limit: number): Promise<SearchPage>;
}
