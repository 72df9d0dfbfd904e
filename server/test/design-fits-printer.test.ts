/**
 * The gallery's "fits my printer" filter (`GET /api/designs?fitsPrinter=`) against a real hub and
 * real socket.io bridges: a model that fits, one that fits only turned on its side, one too big,
 * a new version that no longer fits, and the refusals (another account's printer, unknown printer,
 * not signed in). At the bed edge, the filter agrees with protocol's `fitsBuildVolume` (the hub's
 * and the viewer's rule): exactly the bed's size or 0.005 mm over fits, 0.1 mm over does not.
 * Also migration 0008, which backfills the sizes of designs stored before it.
 */
import { boxSize, fitsBuildVolume, type Design, type DesignCreated, type DesignList } from "@peerfab/protocol";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { migrationProvider } from "../src/db/migrations.ts";
import { createToken, registerUser } from "./account-helpers.ts";
import { FakeBridge, capabilities } from "./fake-bridge.ts";
import { apiError, getJson, send, startTestHub, type TestHub, upload, uploadTo } from "./helpers.ts";

/** An ASCII STL of an axis-aligned box from the origin to (x, y, z) mm: 12 triangles. */
function boxStl(x: number, y: number, z: number): Buffer {
  const v = (i: number) => [i & 1 ? x : 0, i & 2 ? y : 0, i & 4 ? z : 0] as const;
  const faces = [
    [0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5],
  ] as const;
  const lines = ["solid box"];
  for (const [a, b, c, d] of faces) {
    for (const tri of [[a, b, c], [a, c, d]]) {
      lines.push(" facet normal 0 0 0", "  outer loop", ...tri.map((i) => `   vertex ${v(i).join(" ")}`), "  endloop", " endfacet");
    }
  }
  lines.push("endsolid box");
  return Buffer.from(lines.join("\n"));
}

describe("GET /api/designs?fitsPrinter=", () => {
  let hub: TestHub;
  let mine: FakeBridge;
  let theirs: FakeBridge;
  let myPrinter = "";
  let theirPrinter = "";
  const ids: Record<"small" | "onItsSide" | "tooBig", string> = { small: "", onItsSide: "", tooBig: "" };

  async function uploadBox(title: string, size: [number, number, number]): Promise<string> {
    const response = await upload(hub, { file: { bytes: boxStl(...size), name: `${title}.stl` }, fields: { title } });
    expect(response.status).toBe(201);
    return ((await response.json()) as DesignCreated).id;
  }

  const fitting = async (printerId: string) => (await getJson<DesignList>(hub, `/api/designs?fitsPrinter=${printerId}`)).designs.map((d) => d.id);

  beforeAll(async () => {
    hub = await startTestHub();
    mine = new FakeBridge(hub.url, hub.bridgeToken, "my-bridge");
    await mine.connected();
    const hello = await mine.hello();
    if (!hello.ok) throw new Error(hello.detail);
    myPrinter = hello.printers[0]?.printerId ?? "";
    const other = await registerUser(hub, "other@example.org");
    theirs = new FakeBridge(hub.url, (await createToken(hub, other, "bridge")).token, "their-bridge");
    await theirs.connected();
    const theirHello = await theirs.hello();
    if (!theirHello.ok) throw new Error(theirHello.detail);
    theirPrinter = theirHello.printers[0]?.printerId ?? "";
    ids.small = await uploadBox("small", [50, 40, 30]);
    ids.onItsSide = await uploadBox("on-its-side", [240, 100, 20]);
    ids.tooBig = await uploadBox("too-big", [300, 30, 30]);
  });

  afterAll(async () => {
    mine.close();
    theirs.close();
    await hub.dispose();
  });

  it("keeps what fits the printer, turned if need be, and leaves out what does not fit", async () => {
    const volume = capabilities.buildVolume;
    // The fixture's sizes say what they claim, by protocol's own orientation check.
    expect(fitsBuildVolume({ x: 240, y: 100, z: 20 }, volume)).toBe(true);
    expect(240 <= volume.x).toBe(false);
    expect(fitsBuildVolume({ x: 300, y: 30, z: 30 }, volume)).toBe(false);

    const list = await getJson<DesignList>(hub, `/api/designs?fitsPrinter=${myPrinter}`);
    expect(list.designs.map((d) => d.id).sort()).toEqual([ids.small, ids.onItsSide].sort());
    expect(list.total).toBe(2);
    // Without the filter every design is listed; with it and another filter, both apply.
    expect((await getJson<DesignList>(hub, "/api/designs")).total).toBe(3);
    expect(await fitting(`${myPrinter}&q=small`)).toEqual([ids.small]);
  });

  it("follows a new version of the primary mesh", async () => {
    const bigger = await uploadTo(hub, `/api/designs/${ids.small}/files`, { file: { bytes: boxStl(260, 260, 10), name: "small.stl" } });
    expect(bigger.status).toBe(201);
    expect(await fitting(myPrinter)).toEqual([ids.onItsSide]);
    const back = await uploadTo(hub, `/api/designs/${ids.small}/files`, { file: { bytes: boxStl(10, 10, 10), name: "small.stl" } });
    expect(back.status).toBe(201);
    expect((await fitting(myPrinter)).sort()).toEqual([ids.small, ids.onItsSide].sort());
  });

  it("refuses another account's printer, an unknown printer, and an anonymous caller, in words", async () => {
    const refused = await send(hub, `/api/designs?fitsPrinter=${theirPrinter}`);
    expect(refused.status).toBe(403);
    expect((await apiError(refused)).detail).toMatch(/another account/);
    const unknown = await send(hub, "/api/designs?fitsPrinter=prn_nothing");
    expect(unknown.status).toBe(400);
    expect((await apiError(unknown)).detail).toMatch(/no printer 'prn_nothing'/);
    const anonymous = await fetch(`${hub.url}/api/designs?fitsPrinter=${myPrinter}`);
    expect(anonymous.status).toBe(401);
    // An empty box in the form means no filter, as for the other filters.
    expect((await getJson<DesignList>(hub, "/api/designs?fitsPrinter=")).total).toBe(3);
  });
});

describe("GET /api/designs?fitsPrinter= at the bed edge", () => {
  let hub: TestHub;
  let bridge: FakeBridge;
  let printerId = "";

  beforeAll(async () => {
    hub = await startTestHub();
    bridge = new FakeBridge(hub.url, hub.bridgeToken, "edge-bridge");
    await bridge.connected();
    const hello = await bridge.hello();
    if (!hello.ok) throw new Error(hello.detail);
    printerId = hello.printers[0]?.printerId ?? "";
  });

  afterAll(async () => {
    bridge.close();
    await hub.dispose();
  });

  it("keeps a part exactly the bed's size and one 0.005 mm over, leaves out one 0.1 mm over, as fitsBuildVolume does", async () => {
    const { x, y, z } = capabilities.buildVolume;
    // Each lies on its side as placed (the long edge along X), so only a turn makes it fit.
    const parts = {
      exact: [z, y, x],
      slightlyOver: [z + 0.005, y + 0.005, x + 0.005],
      tooBig: [z, y + 0.1, x],
    } as const;
    const ids: Record<string, string> = {};
    for (const [title, size] of Object.entries(parts)) {
      const response = await upload(hub, { file: { bytes: boxStl(...size), name: `${title}.stl` }, fields: { title } });
      expect(response.status).toBe(201);
      ids[title] = ((await response.json()) as DesignCreated).id;
    }
    const kept = (await getJson<DesignList>(hub, `/api/designs?fitsPrinter=${printerId}`)).designs.map((d) => d.id);
    expect(kept.sort()).toEqual([ids.exact, ids.slightlyOver].sort());
    // The stored sizes (as the hub measured them) judged by protocol's rule give the same answer.
    for (const id of Object.values(ids)) {
      const design = await getJson<Design>(hub, `/api/designs/${id}`);
      const bbox = design.files[0]?.bbox;
      if (!bbox) throw new Error(`design ${id} has no bounding box`);
      expect(fitsBuildVolume(boxSize(bbox), capabilities.buildVolume)).toBe(kept.includes(id));
    }
  });
});

describe("migration 0008-design-size", () => {
  let dir = "";
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("backfills the sorted size of each design's primary mesh, newest version", async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-size-migration-"));
    const file = join(dir, "peerfab.sqlite");
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
    expect((await new Migrator({ db: old, provider: migrationProvider }).migrateTo("0007-marketplace")).error).toBeUndefined();
    const analysis = (x: number, y: number, z: number) => JSON.stringify({ bbox: { min: { x: 0, y: 0, z: 0 }, max: { x, y, z } } });
    await sql`INSERT INTO users (id, display_name, created_at) VALUES ('usr_1', 'Ada', '2024-01-01')`.execute(old);
    await sql`INSERT INTO designs (id, title, description, license, author_id, created_at, updated_at) VALUES
      ('dsn_1', 'Mesh', '', 'CC0-1.0', 'usr_1', '2024-01-01', '2024-01-01'), ('dsn_2', 'Only G-code', '', 'CC0-1.0', 'usr_1', '2024-01-01', '2024-01-01')`.execute(old);
    await sql`INSERT INTO design_files (id, design_id, name, kind, sha256, size, analysis_json, version, created_at) VALUES
      ('fil_1', 'dsn_1', 'a.stl', 'stl', 'aa', 10, ${analysis(90, 10, 40)}, 1, '2024-01-01'),
      ('fil_2', 'dsn_1', 'a.stl', 'stl', 'bb', 10, ${analysis(30, 20, 10)}, 2, '2024-01-02'),
      ('fil_3', 'dsn_2', 'a.gcode', 'gcode', 'cc', 10, NULL, 1, '2024-01-01')`.execute(old);
    await old.destroy();

    const db = await openDatabase(file);
    try {
      const rows = await db.selectFrom("designs").select(["id", "size_small", "size_middle", "size_large"]).orderBy("id").execute();
      expect(rows).toEqual([
        { id: "dsn_1", size_small: 10, size_middle: 20, size_large: 30 },
        { id: "dsn_2", size_small: null, size_middle: null, size_large: null },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
