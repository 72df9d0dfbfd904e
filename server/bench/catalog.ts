/**
 * `npm run bench:catalog`: the design catalogue with 10,000 designs. Inserts them through the
 * repository in one transaction (each with tags, a search-index row and one mesh file carrying a
 * full analysis JSON), then times what the gallery asks through DesignCatalog.list — the same path
 * as `GET /api/designs`, minus HTTP: page 1, page 400, a search for a word, a search with a tag
 * filter, a prefix search, a license filter, "fits my printer". Prints the median ms of each against the 50 ms budget
 * with PASS/MISS, the query plans of the page queries, and always exits 0. Then the marketplace on
 * the same catalogue (catalog/job-board.ts): a shop's job board with 1,000 shops × 1,000 open jobs.
 */
import type { BoundingBox, DesignQuery, License } from "@peerfab/protocol";
import { DesignQuerySchema, LICENSES } from "@peerfab/protocol";
import { sql } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, openDatabase } from "../src/db/database.ts";
import { ANALYSIS_VERSION, type NewDesignFile } from "../src/db/schema.ts";
import { type NewDesignRecord, DesignRepository } from "../src/repositories/designs.ts";
import type { PrinterRecord } from "../src/repositories/printers.ts";
import { UserRepository } from "../src/repositories/users.ts";
import { SqliteDesignSearch } from "../src/search/sqlite-design-search.ts";
import { DesignCatalog } from "../src/services/design-catalog.ts";
import type { BlobStore } from "../src/storage/blob-store.ts";
import { seededRandom } from "../test/seeded-random.ts";
import { benchJobBoard } from "./catalog/job-board.ts";

const DESIGNS = 10_000;
const BUDGET_MS = 50;
const RUNS = 21;
/** The build volume of the "fits my printer" cases: about half the catalogue's models fit. */
const FITS_VOLUME = { x: 60, y: 60, z: 60 };

const ADJECTIVES = ["wall", "desk", "compact", "hex", "round", "folding", "modular", "tiny", "heavy", "spiral", "parametric", "snap", "twisted", "low-poly", "articulated", "rugged"];
const NOUNS = ["hook", "bracket", "coaster", "cup", "clip", "hinge", "gear", "box", "lid", "vase", "knob", "stand", "holder", "spacer", "organizer", "planter", "enclosure", "mount", "cover", "handle"];
const FILLER = ["prints", "without", "supports", "in", "PLA", "PETG", "at", "0.2", "mm", "layers", "fits", "M3", "screws", "tested", "on", "a", "Prusa", "MK3S", "and", "Ender", "sturdy", "easy", "to", "assemble", "with", "infill", "walls", "tolerance", "remixed", "from", "classic"];
const TAGS = ["household", "kitchen", "office", "garden", "tools", "toys", "cosplay", "calibration", "gridfinity", "functional", "art", "spare-part", "electronics", "bathroom", "storage", "decor", "workshop", "automotive", "bike", "camera", "cable", "desk", "printer-upgrade", "jewelry", "education", "miniatures", "outdoor", "pets", "music", "medical"];

function pick<T>(items: readonly T[], rnd: () => number): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

/** About what the mesh analysis stores for a real upload (~700 bytes of JSON). */
function analysisJson(size: number): string {
  const box = { min: { x: 0, y: 0, z: 0 }, max: { x: size, y: size * 0.8, z: size * 0.5 } };
  const measures = { triangles: 24_000, vertices: 12_002, bbox: box, size: box.max, volumeMm3: size ** 3 * 0.4, areaMm2: size ** 2 * 5, shells: 1, watertight: true, manifold: true, openEdges: 0, nonManifoldEdges: 0, misorientedEdges: 0, invertedTriangles: 0, degenerateTriangles: 0 };
  return JSON.stringify({ ...measures, objects: null });
}

function catalogue(authorId: string): NewDesignRecord[] {
  // Seeded, so every run inserts the same catalogue.
  const rnd = seededRandom(4);
  const start = Date.parse("2024-01-01T00:00:00Z");
  return Array.from({ length: DESIGNS }, (_, i) => {
    const id = `dsn_bench${String(i).padStart(6, "0")}`;
    const createdAt = new Date(start + i * 60_000).toISOString();
    const title = `${pick(ADJECTIVES, rnd)} ${pick(NOUNS, rnd)} ${i}`;
    const description = Array.from({ length: 25 + Math.floor(rnd() * 40) }, () => pick(FILLER, rnd)).join(" ");
    const tags = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(TAGS, rnd)))];
    const license = pick(LICENSES, rnd) as License;
    const file: NewDesignFile = {
      id: `fil_bench${String(i).padStart(6, "0")}`,
      design_id: id,
      name: `${title.replaceAll(" ", "-")}.stl`,
      kind: "stl",
      sha256: i.toString(16).padStart(64, "0"),
      size: 1_200_084,
      triangles: 24_000,
      analysis_json: analysisJson(20 + (i % 80)),
      analysis_version: ANALYSIS_VERSION,
      watertight: 1,
      gcode_commands: null,
      sliced_for: null,
      material: null,
      created_at: createdAt,
    };
    return { design: { id, title, description, license, authorId, createdAt, tags }, files: [file] };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "peerfab-bench-catalog-"));
  const db = await openDatabase(join(dir, "peerfab.sqlite"));
  try {
    const search = new SqliteDesignSearch(db);
    const designs = new DesignRepository(db, search);
    const author = await new UserRepository(db).ensure({ id: "usr_bench", displayName: "Bench designer" });
    // The catalogue never opens a blob on these paths; "fits my printer" asks for one printer of the author's.
    const printer = { id: "prn_bench", name: "Bench MK3S", ownerId: author.id, bridgeId: "b", localId: "p", needsBedClear: false, capabilities: { buildVolume: FITS_VOLUME } } as PrinterRecord;
    const catalog = new DesignCatalog(designs, search, {} as BlobStore, { get: (id) => Promise.resolve(id === printer.id ? printer : undefined) });

    const records = catalogue(author.id);
    const insertStart = performance.now();
    await designs.insertAll(records);
    const insertMs = performance.now() - insertStart;
    // As a running hub has it: the write-ahead log folded into the file. The hub gathers no planner
    // statistics; BENCH_ANALYZE=1 runs ANALYZE first, to check the plans hold with them too.
    if (process.env.BENCH_ANALYZE) await sql`ANALYZE`.execute(db);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    console.log(`inserted ${DESIGNS.toLocaleString("en")} designs (tags, search index, one file each) in one transaction: ${insertMs.toFixed(0)} ms`);

    const cases: { name: string; query: Partial<Record<keyof DesignQuery, string | number>> }[] = [
      { name: "list page 1", query: { page: 1 } },
      { name: "list page 400", query: { page: 400 } },
      { name: "search a word (q=hook)", query: { q: "hook" } },
      { name: "search + tag (q=bracket&tag=household)", query: { q: "bracket", tag: "household" } },
      { name: "prefix search (q=organ)", query: { q: "organ" } },
      { name: "two words, page 3 (q=supports petg)", query: { q: "supports petg", page: 3 } },
      { name: "license filter (license=CC0-1.0)", query: { license: "CC0-1.0" } },
      { name: "tag filter (tag=gridfinity)", query: { tag: "gridfinity" } },
      { name: "tag filter, page 20 (tag=gridfinity)", query: { tag: "gridfinity", page: 20 } },
      { name: "fits my printer (60 × 60 × 60 mm)", query: { fitsPrinter: "prn_bench" } },
      { name: "fits my printer + tag (tag=gridfinity)", query: { fitsPrinter: "prn_bench", tag: "gridfinity" } },
    ];
    console.log(`\nmedian of ${RUNS} runs after a warm-up, 24 designs per page, budget ${BUDGET_MS} ms:\n`);
    console.log("| query | total matches | median ms | of budget | |");
    console.log("|---|---:|---:|---:|---|");
    for (const { name, query } of cases) {
      const parsed = DesignQuerySchema.parse(query);
      const first = await catalog.list(parsed, author.id);
      if (first.designs.length === 0 && first.total > 0) throw new Error(`${name}: a total of ${first.total} but an empty page`);
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const t0 = performance.now();
        await catalog.list(parsed, author.id);
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      console.log(`| ${name} | ${first.total} | ${ms.toFixed(2)} | ${((ms / BUDGET_MS) * 100).toFixed(0)} % | ${ms <= BUDGET_MS ? "PASS" : "MISS"} |`);
    }

    console.log("\nquery plans (EXPLAIN QUERY PLAN) of the page queries:");
    for (const [name, filter] of [
      ["list", {}],
      ["search", { text: "supports petg" }],
      ["search + tag", { text: "bracket", tag: "household" }],
      ["license", { license: "CC0-1.0" as License }],
      ["tag", { tag: "gridfinity" }],
      ["fits my printer", { fits: FITS_VOLUME }],
    ] as const) {
      const { rows } = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${sql.raw(pageSql(db, search, filter))}`.execute(db);
      console.log(`  ${name}:\n${rows.map((r) => `    ${r.detail}`).join("\n")}`);
    }

    const boardFiles = records.filter((_, i) => i % 10 === 0).map(({ design, files: [file] }) => ({ designId: design.id, fileId: file?.id ?? "", bbox: (JSON.parse(file?.analysis_json ?? "{}") as { bbox: BoundingBox }).bbox }));
    await benchJobBoard(db, designs, boardFiles, seededRandom(5), BUDGET_MS);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The SQL of one page query, with its parameters inlined (only for EXPLAIN). */
function pageSql(db: Db, search: SqliteDesignSearch, filter: Parameters<SqliteDesignSearch["pageQuery"]>[0]): string {
  const compiled = search.pageQuery(filter, 0, 24).compile(db);
  let i = 0;
  return compiled.sql.replace(/\?/g, () => {
    const value = compiled.parameters[i++];
    return typeof value === "number" ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
  });
}

await main();
