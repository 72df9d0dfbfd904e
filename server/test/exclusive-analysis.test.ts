/**
 * Which mesh tasks run exclusive (mesh/exclusive-analysis.ts): an STL from 32 MB whatever the
 * analysis memory budget, a 3MF from the budget's worth of parsing (budget / 8), never later
 * than an STL; and what the hub actually submits to its worker pool when a 3MF or an STL is
 * uploaded (services/design-ingest.ts) and when its design is exported to 3MF
 * (services/design-downloads.ts), with a small budget so a real 3MF sample is "big".
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { torus, toBinaryStl } from "../bench/torus.ts";
import { type Db, openDatabase } from "../src/db/database.ts";
import { HubEvents } from "../src/hub-events.ts";
import { AnalysisPool } from "../src/mesh/analysis-pool.ts";
import type { AnalysisResults, AnalysisTask } from "../src/mesh/analysis-task.ts";
import { EXCLUSIVE_STL_BYTES, exclusiveFromBytes, runsExclusive } from "../src/mesh/exclusive-analysis.ts";
import { DesignRepository } from "../src/repositories/designs.ts";
import { type User, UserRepository } from "../src/repositories/users.ts";
import { SqliteDesignSearch } from "../src/search/sqlite-design-search.ts";
import { DesignDownloads } from "../src/services/design-downloads.ts";
import { DesignIngest } from "../src/services/design-ingest.ts";
import { FileBlobStore } from "../src/storage/blob-store.ts";
import { threeMfFixture } from "./helpers.ts";

const MB = 1024 * 1024;

describe("runsExclusive", () => {
  it("makes an STL exclusive from 32 MB, whatever the budget", () => {
    for (const budget of [1, 48 * MB, 4096 * MB]) {
      expect(runsExclusive("stl", 32 * MB - 1, budget)).toBe(false);
      expect(runsExclusive("stl", 32 * MB, budget)).toBe(true);
    }
  });

  it("makes a 3MF exclusive from an eighth of the budget: 6 MB at the default 48 MB", () => {
    expect(exclusiveFromBytes("3mf", 48 * MB)).toBe(6 * MB);
    expect(runsExclusive("3mf", 6 * MB - 1, 48 * MB)).toBe(false);
    expect(runsExclusive("3mf", 6 * MB, 48 * MB)).toBe(true);
    expect(runsExclusive("3mf", 12 * MB - 1, 96 * MB)).toBe(false);
    expect(runsExclusive("3mf", 12 * MB, 96 * MB)).toBe(true);
    // A 3MF an STL of its size would run beside others: the one the budget decides.
    expect(runsExclusive("stl", 6 * MB, 48 * MB)).toBe(false);
  });

  it("never lets a 3MF wait for a bigger size than an STL, however big the budget", () => {
    expect(exclusiveFromBytes("3mf", 1024 * MB)).toBe(EXCLUSIVE_STL_BYTES);
    expect(runsExclusive("3mf", 32 * MB, 1024 * MB)).toBe(true);
    expect(runsExclusive("3mf", 32 * MB - 1, 1024 * MB)).toBe(false);
  });

  it("makes every 3MF exclusive when the budget is smaller than any parse", () => {
    expect(runsExclusive("3mf", 1, 7)).toBe(true);
  });
});

/** The real pool, noting what each task was submitted with. */
class RecordingPool extends AnalysisPool {
  readonly submitted: { kind: AnalysisTask["kind"]; exclusive: boolean }[] = [];

  override run<K extends AnalysisTask["kind"]>(task: AnalysisTask & { kind: K }, options: { exclusive?: boolean } = {}): Promise<AnalysisResults[K]> {
    this.submitted.push({ kind: task.kind, exclusive: options.exclusive ?? false });
    return super.run<K>(task, options);
  }

  /** What the tasks submitted while `work` ran were submitted with. */
  async during<T>(work: () => Promise<T>): Promise<{ value: T; submitted: { kind: AnalysisTask["kind"]; exclusive: boolean }[] }> {
    const from = this.submitted.length;
    const value = await work();
    return { value, submitted: this.submitted.slice(from) };
  }
}

describe("uploads and 3MF exports submitted to the pool", () => {
  /** 3 MB: a 3MF from 384 KB runs exclusive; the STL below (12,000 triangles) is still analysed in memory. */
  const budget = 3 * MB;
  const pool = new RecordingPool(2, { memoryBudgetBytes: budget });
  let dir = "";
  let db: Db;
  let blobs: FileBlobStore;
  let ingest: DesignIngest;
  let downloads: DesignDownloads;
  let author: User;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-exclusive-"));
    db = await openDatabase(join(dir, "peerfab.sqlite"));
    blobs = await FileBlobStore.open(dir);
    const designs = new DesignRepository(db, new SqliteDesignSearch(db));
    ingest = new DesignIngest(blobs, pool, designs, new HubEvents(), DEFAULT_MESH_LIMITS);
    downloads = new DesignDownloads(designs, blobs, pool, DEFAULT_MESH_LIMITS);
    author = await new UserRepository(db).ensure({ id: "usr_maker", displayName: "Maker" });
  });
  afterAll(async () => {
    await pool.close();
    await db?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const upload = async (fileName: string, bytes: Uint8Array) => {
    const staged = await blobs.stage(Readable.from([bytes]));
    return pool.during(() => ingest.ingest({ author, title: fileName, description: "", license: "CC-BY-4.0", meshes: [{ fileName, staged }], gcode: [] }));
  };

  it("analyses and exports a 3MF above the budget's threshold exclusive, and an STL at least as big not", { timeout: 60_000 }, async () => {
    const gears = await threeMfFixture("cube_gears_prod.3mf");
    const stl = toBinaryStl(torus(100, 60));
    expect(gears.length).toBeGreaterThanOrEqual(exclusiveFromBytes("3mf", budget));
    expect(stl.length).toBeGreaterThanOrEqual(gears.length);
    expect(stl.length).toBeLessThan(EXCLUSIVE_STL_BYTES);

    const threeMf = await upload("cube_gears_prod.3mf", gears);
    expect(threeMf.value.design.files[0]?.kind).toBe("3mf");
    expect(threeMf.submitted).toEqual([{ kind: "ingest-mesh", exclusive: true }]);
    const asStl = await upload("torus.stl", stl);
    expect(asStl.value.triangles).toBe(12_000);
    expect(asStl.submitted).toEqual([{ kind: "ingest-mesh", exclusive: false }]);

    const exports = await pool.during(async () => {
      for (const design of [threeMf.value.design, asStl.value.design]) (await downloads.threeMf(design.id)).body.destroy();
    });
    expect(exports.submitted).toEqual([
      { kind: "export-3mf", exclusive: true },
      { kind: "export-3mf", exclusive: false },
    ]);
  });

  it("analyses a 3MF below the threshold beside other tasks", async () => {
    const box = await threeMfFixture("box_prod.3mf");
    expect(box.length).toBeLessThan(exclusiveFromBytes("3mf", budget));
    expect((await upload("box_prod.3mf", box)).submitted).toEqual([{ kind: "ingest-mesh", exclusive: false }]);
  });
});
