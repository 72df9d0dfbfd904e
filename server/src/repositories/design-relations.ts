/**
 * What links designs to words and to each other: their tags, and the remix links (the attribution
 * chain a design credits, nearest first, and the designs that remix it directly). Queries for many
 * designs at once, so a page of the gallery costs a fixed number of queries.
 */
import type { DesignRef, License } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";

/** A chain longer than this is cut (a link is made only to a design that exists already, so there are no cycles). */
const MAX_CHAIN = 64;

/** Tags of each design, alphabetically. */
export async function tagsOf(db: Db, designIds: readonly string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>(designIds.map((id) => [id, []]));
  if (designIds.length === 0) return tags;
  const rows = await db.selectFrom("design_tags").select(["design_id", "tag"]).where("design_id", "in", designIds).orderBy("tag").execute();
  for (const row of rows) tags.get(row.design_id)?.push(row.tag);
  return tags;
}

export async function replaceTags(db: Db, designId: string, tags: readonly string[]): Promise<void> {
  await db.deleteFrom("design_tags").where("design_id", "=", designId).execute();
  const unique = [...new Set(tags)];
  if (unique.length > 0) await db.insertInto("design_tags").values(unique.map((tag) => ({ design_id: designId, tag }))).execute();
}

/**
 * The attribution chain of each design: what it remixes, what that remixes, … (nearest first).
 * Walked one level per query over the primary key, for all the designs at once: plain lookups a
 * planner cannot get wrong, and a chain is short.
 */
export async function remixChains(db: Db, designIds: readonly string[]): Promise<Map<string, DesignRef[]>> {
  const parentOf = new Map<string, string | null>();
  let frontier = [...new Set(designIds)];
  for (let depth = 0; frontier.length > 0 && depth <= MAX_CHAIN; depth++) {
    const rows = await db.selectFrom("designs").select(["id", "remix_of"]).where("id", "in", frontier).execute();
    for (const row of rows) parentOf.set(row.id, row.remix_of);
    frontier = [...new Set(rows.flatMap((row) => (row.remix_of !== null && !parentOf.has(row.remix_of) ? [row.remix_of] : [])))];
  }
  const ancestors = [...new Set([...parentOf.values()].filter((id): id is string => id !== null))];
  const refs = await refsOf(db, ancestors);
  const chains = new Map<string, DesignRef[]>();
  for (const id of designIds) {
    const chain: DesignRef[] = [];
    for (let parent = parentOf.get(id) ?? null; parent !== null && chain.length < MAX_CHAIN; parent = parentOf.get(parent) ?? null) {
      const ref = refs.get(parent);
      if (ref) chain.push(ref);
    }
    chains.set(id, chain);
  }
  return chains;
}

async function refsOf(db: Db, ids: readonly string[]): Promise<Map<string, DesignRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("designs")
    .innerJoin("users", "users.id", "designs.author_id")
    .select(["designs.id", "designs.title", "designs.license", "users.display_name as author_name"])
    .where("designs.id", "in", ids)
    .execute();
  return new Map(rows.map((row) => [row.id, toRef(row)]));
}

/** The designs that remix each design directly, oldest first. */
export async function directRemixes(db: Db, designIds: readonly string[]): Promise<Map<string, DesignRef[]>> {
  const remixes = new Map<string, DesignRef[]>(designIds.map((id) => [id, []]));
  if (designIds.length === 0) return remixes;
  const rows = await db
    .selectFrom("designs")
    .innerJoin("users", "users.id", "designs.author_id")
    .select(["designs.id", "designs.title", "designs.license", "designs.remix_of", "users.display_name as author_name"])
    .where("designs.remix_of", "in", designIds)
    .orderBy("designs.created_at")
    .orderBy("designs.id")
    .execute();
  for (const row of rows) if (row.remix_of !== null) remixes.get(row.remix_of)?.push(toRef(row));
  return remixes;
}

interface RefRow {
  id: string;
  title: string;
  license: string;
  author_name: string;
}

function toRef(row: RefRow): DesignRef {
  return { id: row.id, title: row.title, authorName: row.author_name, license: row.license as License };
}
