/**
 * The marketplace's matching as it scales (services/marketplace.ts, shop-directory.ts): a shop's
 * job board (one pass over the open jobs, shops near a point read through a coordinate box) and
 * the shops a job is offered to (one query for their printers) give exactly what the rules say,
 * applied job by job over every shop — target, distance from the maker's point or the maker's
 * shop, the maker's own shop left out, `printerCanMake` — on a random world in a real SQLite
 * file, shops near the pole and the antimeridian included.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boxSize, type BoundingBox, type JobTarget, type LatLon, type PrinterCapabilities, printerCanMake, type Shop } from "@peerfab/protocol";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "../src/db/database.ts";
import { ANALYSIS_VERSION } from "../src/db/schema.ts";
import { HubEvents } from "../src/hub-events.ts";
import { DesignRepository } from "../src/repositories/designs.ts";
import { JobRepository, type NewJob } from "../src/repositories/jobs.ts";
import { type PrinterRecord, PrinterRepository } from "../src/repositories/printers.ts";
import { QuoteRepository } from "../src/repositories/quotes.ts";
import { ShopRepository } from "../src/repositories/shops.ts";
import { UserRepository } from "../src/repositories/users.ts";
import { SqliteDesignSearch } from "../src/search/sqlite-design-search.ts";
import type { BridgeLink } from "../src/services/bridge-link.ts";
import { JobTransitions } from "../src/services/job-transitions.ts";
import { Marketplace } from "../src/services/marketplace.ts";
import { distanceKm, ShopDirectory } from "../src/services/shop-directory.ts";
import { seededRandom } from "./seeded-random.ts";

/** Places shops cluster around: a city, the antimeridian, near the north pole. */
const CENTRES: LatLon[] = [
  { latitude: 48.14, longitude: 11.58 },
  { latitude: 64.8, longitude: 179.9 },
  { latitude: 89.6, longitude: 30 },
];
const MATERIALS = ["PLA", "PETG", "ABS"];
const offline: BridgeLink = {
  isOnline: () => false,
  control: () => Promise.resolve({ ok: false, error: "printer-offline", detail: "test" }),
  requestQuote: () => Promise.resolve({ ok: false, error: "printer-offline", detail: "test" }),
};

describe("job board and offers at scale", () => {
  /** The same world every run. */
  const rnd = seededRandom(11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)] as T;
  const near = (): LatLon => {
    const centre = pick(CENTRES);
    const longitude = centre.longitude + (rnd() - 0.5) * 4;
    return { latitude: Math.min(89.99, centre.latitude + (rnd() - 0.5) * 2), longitude: longitude > 180 ? longitude - 360 : longitude };
  };
  let dir: string;
  let db: Db;
  let marketplace: Marketplace;
  let jobs: JobRepository;
  const shops = new Map<string, Shop>();
  const printersOf = new Map<string, PrinterRecord[]>();
  const sizes = new Map<string, BoundingBox>();
  const jobIds: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "peerfab-job-board-"));
    db = await openDatabase(join(dir, "peerfab.sqlite"));
    const users = new UserRepository(db);
    const designs = new DesignRepository(db, new SqliteDesignSearch(db));
    const printers = new PrinterRepository(db);
    const directory = new ShopDirectory(new ShopRepository(db));
    jobs = new JobRepository(db);
    const events = new HubEvents();
    marketplace = new Marketplace(jobs, designs, printers, directory, new QuoteRepository(db), new JobTransitions(jobs, events), offline, events, pino({ level: "silent" }));

    const people = Array.from({ length: 50 }, (_, i) => `usr_p${String(i).padStart(2, "0")}`);
    for (const id of people) await users.ensure({ id, displayName: id });
    // 40 of the 50 run a shop with one or two printers; the other 10 only make.
    for (const id of people.slice(0, 40)) {
      const materials = MATERIALS.filter((m, i) => i === 0 || rnd() < 0.5);
      shops.set(id, await directory.save({ id, displayName: id }, { displayName: id, city: "x", ...near(), materials, colours: [], pricing: { currency: "EUR", perHour: 1, perGram: 0.1, minimumOrder: 0 }, turnaroundDays: 2 }));
      const own: PrinterRecord[] = [];
      for (let p = 0; p < 1 + Math.floor(rnd() * 2); p++) {
        const edge = 40 + Math.floor(rnd() * 200);
        const capabilities: PrinterCapabilities = {
          buildVolume: { x: edge, y: edge, z: 60 + Math.floor(rnd() * 200) },
          nozzleDiameter: 0.4,
          firmware: "Marlin",
          firmwareCaps: {},
          materials: MATERIALS.filter(() => rnd() < 0.7),
          acceptsRemoteJobs: rnd() < 0.85,
          virtual: true,
          ...(rnd() < 0.6 ? { slicer: { name: "PrusaSlicer", version: "2.8.1" } } : {}),
        };
        own.push(await printers.upsert(id, `bridge-${id}`, { localId: `p${p}`, name: `${id} ${p}`, capabilities }));
      }
      printersOf.set(id, own);
    }
    // Designs with one model each, from 20 to 200 mm.
    for (let d = 0; d < 8; d++) {
      const size = 20 + d * 25;
      const bbox = { min: { x: 0, y: 0, z: 0 }, max: { x: size, y: size * 0.6, z: size * 0.4 } };
      sizes.set(`dsn_${d}`, bbox);
      await designs.insert({ id: `dsn_${d}`, title: `Part ${d}`, description: "", license: "CC-BY-4.0", authorId: people[0] ?? "", createdAt: "2025-01-01T00:00:00.000Z" }, [
        { id: `fil_${d}`, design_id: `dsn_${d}`, name: `part-${d}.stl`, kind: "stl", sha256: String(d).padStart(64, "0"), size: 84, triangles: 12, analysis_json: JSON.stringify({ bbox }), analysis_version: ANALYSIS_VERSION, watertight: 1, gcode_commands: null, sliced_for: null, material: null, created_at: "2025-01-01T00:00:00.000Z" },
      ]);
    }
    // 150 jobs: open near a point or near the maker's shop (or anywhere, for makers without one), or sent to one shop.
    for (let j = 0; j < 150; j++) {
      const maker = pick(people);
      const roll = rnd();
      const target: JobTarget =
        roll < 0.15 ? { kind: "shop", shopId: pick([...shops.keys()]) } : roll < 0.45 ? { kind: "open", withinKm: pick([30, 120, 400]) } : { kind: "open", withinKm: pick([5, 30, 120, 400, 3000]), near: near() };
      const design = Math.floor(rnd() * 8);
      const job: NewJob = {
        id: `job_${String(j).padStart(4, "0")}`,
        designId: `dsn_${design}`,
        gcodeFileId: null,
        // Some jobs name no file: the design's primary mesh is what is printed.
        modelFileId: rnd() < 0.8 ? `fil_${design}` : null,
        printerId: null,
        makerId: maker,
        state: rnd() < 0.8 ? "open" : "quoted",
        material: pick(MATERIALS),
        quantity: 1,
        linesTotal: 0,
        createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, j)).toISOString(),
        target,
      };
      await jobs.insert(job, "maker", maker);
      jobIds.push(job.id);
    }
  });

  afterAll(async () => {
    await db?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The rules, applied to one job and one shop: the printer ids that may take it (none: not offered). */
  async function offeredPrinters(jobId: string, shop: Shop): Promise<string[]> {
    const job = await jobs.get(jobId);
    if (!job) throw new Error(`job ${jobId} vanished`);
    const target = job.target;
    if (target?.kind === "shop" && target.shopId !== shop.id) return [];
    if (target?.kind === "open") {
      if (job.makerId === shop.id) return [];
      const origin = target.near ?? shops.get(job.makerId);
      if (origin && distanceKm(origin, shop) > target.withinKm) return [];
    }
    const bbox = sizes.get(job.designId);
    const needs = { size: bbox ? boxSize(bbox) : null, material: job.material, hasGcode: false };
    return (printersOf.get(shop.id) ?? []).filter((p) => printerCanMake(p.capabilities, needs, shop.materials).ok).map((p) => p.id);
  }

  it("shows each shop exactly the open jobs the rules offer it, with the printers that can make them", async () => {
    let offered = 0;
    for (const shop of shops.values()) {
      const board = await marketplace.board({ id: shop.id, displayName: shop.displayName });
      const expected: { jobId: string; printerIds: string[] }[] = [];
      for (const jobId of jobIds) {
        const job = await jobs.get(jobId);
        if (job?.makerId === shop.id) continue;
        const printerIds = await offeredPrinters(jobId, shop);
        if (printerIds.length > 0) expected.push({ jobId, printerIds });
      }
      expect(board.map((o) => ({ jobId: o.jobId, printerIds: o.printerIds })), `board of ${shop.id}`).toEqual(expected);
      offered += expected.length;
    }
    // The world is not trivial: jobs reach some shops and miss others.
    expect(offered).toBeGreaterThan(50);
    expect(offered).toBeLessThan(shops.size * jobIds.length * 0.5);
  });

  it("offers a new job to exactly the shops whose printers can make it, within reach", async () => {
    for (const jobId of jobIds) {
      const job = await jobs.get(jobId);
      if (!job) throw new Error(`job ${jobId} vanished`);
      const matches = await marketplace.matches(job);
      const expected: Record<string, string[]> = {};
      for (const shop of shops.values()) {
        // An open job never goes to its maker's own shop (a job sent to one shop goes where it was sent).
        if (job.target?.kind !== "shop" && shop.id === job.makerId) continue;
        const printerIds = await offeredPrinters(jobId, shop);
        if (printerIds.length > 0) expected[shop.id] = printerIds;
      }
      expect(Object.fromEntries(matches.map((m) => [m.shop.id, m.printers.map((p) => p.id)])), `offers of ${jobId}`).toEqual(expected);
    }
  });
});
