/**
 * bench:catalog's marketplace part: 1,000 shops (two printers each, in 40 European cities) and 1,000
 * open jobs on the catalogue's designs, in the same SQLite file. Times what a shop's job board
 * asks (`Marketplace.board`, as `GET /api/jobs/board`) and what offering one new job asks
 * (`Marketplace.matches`, run by `POST /api/jobs` with a shop or open target), each a median
 * against the 50 ms budget, and checks the board against the matching rules applied job by job.
 * BENCH_BOARD_SHOPS / BENCH_BOARD_JOBS change the sizes.
 */
import { type JobTarget, type PrinterCapabilities, printerCanMake, boxSize, type BoundingBox } from "@peerfab/protocol";
import { pino } from "pino";
import type { Db } from "../../src/db/database.ts";
import { HubEvents } from "../../src/hub-events.ts";
import type { DesignRepository } from "../../src/repositories/designs.ts";
import { JobRepository, type NewJob } from "../../src/repositories/jobs.ts";
import { PrinterRepository } from "../../src/repositories/printers.ts";
import { QuoteRepository } from "../../src/repositories/quotes.ts";
import { ShopRepository } from "../../src/repositories/shops.ts";
import { UserRepository } from "../../src/repositories/users.ts";
import type { BridgeLink } from "../../src/services/bridge-link.ts";
import { JobTransitions } from "../../src/services/job-transitions.ts";
import { Marketplace } from "../../src/services/marketplace.ts";
import { distanceKm, ShopDirectory } from "../../src/services/shop-directory.ts";

const SHOPS = Number(process.env.BENCH_BOARD_SHOPS ?? 1000);
const JOBS = Number(process.env.BENCH_BOARD_JOBS ?? 1000);
const MAKERS = 200;
const MATERIALS = ["PLA", "PETG", "ABS", "TPU", "ASA"];

/** A designs' file the jobs print: id, design and the model's bounding box. */
export interface BenchDesignFile {
  designId: string;
  fileId: string;
  bbox: BoundingBox;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timed<T>(runs: number, task: (run: number) => Promise<T>): Promise<{ ms: number; last: T }> {
  let last = await task(0);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    last = await task(run);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last };
}

export async function benchJobBoard(db: Db, designs: DesignRepository, files: readonly BenchDesignFile[], rnd: () => number, budgetMs: number): Promise<void> {
  const users = new UserRepository(db);
  const shopRepository = new ShopRepository(db);
  const printers = new PrinterRepository(db);
  const jobs = new JobRepository(db);
  const shops = new ShopDirectory(shopRepository);
  const events = new HubEvents();
  const offline: BridgeLink = {
    isOnline: () => false,
    control: () => Promise.resolve({ ok: false, error: "printer-offline", detail: "bench" }),
    requestQuote: () => Promise.resolve({ ok: false, error: "printer-offline", detail: "bench" }),
  };
  const marketplace = new Marketplace(jobs, designs, printers, shops, new QuoteRepository(db), new JobTransitions(jobs, events), offline, events, pino({ level: "silent" }));
  const pickOf = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)] as T;
  const someMaterials = () => MATERIALS.filter((m, i) => i === 0 || rnd() < 0.4 || m === "PETG");
  // Shops and makers cluster in 40 cities across Europe, as they do.
  const cities = Array.from({ length: 40 }, () => ({ latitude: 36 + rnd() * 24, longitude: -10 + rnd() * 40 }));
  const place = () => {
    const city = pickOf(cities);
    return { latitude: city.latitude + (rnd() - 0.5) * 0.6, longitude: city.longitude + (rnd() - 0.5) * 0.9 };
  };

  const insertStart = performance.now();
  const shopIds: string[] = [];
  for (let s = 0; s < SHOPS; s++) {
    const id = `usr_shop${String(s).padStart(5, "0")}`;
    shopIds.push(id);
    await users.ensure({ id, displayName: `Shop ${s}` });
    const materials = someMaterials();
    await shops.save({ id, displayName: `Shop ${s}` }, { displayName: `Shop ${s}`, city: `City ${s}`, ...place(), materials, colours: ["black"], pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 }, turnaroundDays: 3 });
    for (let p = 0; p < 2; p++) {
      const edge = 120 + Math.floor(rnd() * 230);
      const capabilities: PrinterCapabilities = {
        buildVolume: { x: edge, y: edge, z: edge + 30 },
        nozzleDiameter: 0.4,
        firmware: "Marlin",
        firmwareCaps: {},
        materials,
        acceptsRemoteJobs: rnd() < 0.9,
        virtual: true,
        ...(rnd() < 0.5 ? { slicer: { name: "PrusaSlicer", version: "2.8.1" } } : {}),
      };
      await printers.upsert(id, `bridge-${s}`, { localId: `p${p}`, name: `Shop ${s} printer ${p}`, capabilities });
    }
  }
  const makerIds: string[] = [];
  for (let m = 0; m < MAKERS; m++) {
    const id = `usr_maker${String(m).padStart(4, "0")}`;
    makerIds.push(id);
    await users.ensure({ id, displayName: `Maker ${m}` });
  }
  const created = new Date("2025-01-01T00:00:00Z").getTime();
  const jobIds: string[] = [];
  for (let j = 0; j < JOBS; j++) {
    const file = pickOf(files);
    // Most open to shops within 25–300 km of a point, some to one chosen shop.
    const target: JobTarget = rnd() < 0.1 ? { kind: "shop", shopId: pickOf(shopIds) } : { kind: "open", withinKm: pickOf([25, 50, 100, 300]), near: place() };
    const job: NewJob = {
      id: `job_bench${String(j).padStart(6, "0")}`,
      designId: file.designId,
      gcodeFileId: null,
      modelFileId: file.fileId,
      printerId: null,
      makerId: pickOf(makerIds),
      state: "open",
      material: pickOf(MATERIALS),
      quantity: 1,
      linesTotal: 0,
      createdAt: new Date(created + j * 1000).toISOString(),
      target,
    };
    await jobs.insert(job, "maker", job.makerId);
    jobIds.push(job.id);
  }
  console.log(`\njob board: inserted ${SHOPS.toLocaleString("en")} shops (2 printers each) and ${JOBS.toLocaleString("en")} open jobs in ${((performance.now() - insertStart) / 1000).toFixed(1)} s`);

  // The board of a few shops; and a check of one against the rules applied to each job.
  const probes = Array.from({ length: 5 }, (_, i) => shopIds[Math.floor(((i + 0.5) * SHOPS) / 5)] ?? "");
  const board = await timed(15, (run) => marketplace.board({ id: probes[run % probes.length] ?? "", displayName: "" }));
  const sizes: number[] = [];
  const differing: string[] = [];
  for (const probe of probes) {
    const offers = (await marketplace.board({ id: probe, displayName: "" })).map((o) => o.jobId);
    sizes.push(offers.length);
    if (offers.join() !== (await expectedBoard(probe, jobIds, { jobs, printers, shops, designs })).join()) differing.push(probe);
  }
  const matched: number[] = [];
  const offer = await timed(21, async (run) => {
    const job = await jobs.get(jobIds[(run * 37) % jobIds.length] ?? "");
    if (!job) throw new Error("a bench job vanished");
    const matches = await marketplace.matches(job);
    matched.push(matches.length);
    return matches;
  });
  console.log(`| query | result | median ms | of budget | |`);
  console.log(`|---|---:|---:|---:|---|`);
  console.log(`| a shop's job board (${SHOPS} shops × ${JOBS} open jobs) | ${sizes.join(", ")} offers | ${board.ms.toFixed(2)} | ${((board.ms / budgetMs) * 100).toFixed(0)} % | ${board.ms <= budgetMs ? "PASS" : "MISS"} |`);
  console.log(`| shops that can make one new job (offer) | ${median(matched)} shops (median; up to ${Math.max(...matched)}) | ${offer.ms.toFixed(2)} | ${((offer.ms / budgetMs) * 100).toFixed(0)} % | ${offer.ms <= budgetMs ? "PASS" : "MISS"} |`);
  console.log(`the ${probes.length} boards checked against the matching rules applied job by job over every shop: ${differing.length === 0 ? "same offers" : `DIFFERENT for ${differing.join(", ")}`}`);
}

/** The board by the rules, job by job over every shop, without the prefilter: what the board must equal. */
async function expectedBoard(
  shopId: string,
  jobIds: readonly string[],
  deps: { jobs: JobRepository; printers: PrinterRepository; shops: ShopDirectory; designs: DesignRepository },
): Promise<string[]> {
  const shop = await deps.shops.get(shopId);
  if (!shop) return [];
  const own = await deps.printers.listByOwner(shopId);
  const ids: string[] = [];
  for (const jobId of jobIds) {
    const job = await deps.jobs.get(jobId);
    if (!job || job.makerId === shopId) continue;
    const target = job.target;
    if (target?.kind === "shop" && target.shopId !== shopId) continue;
    if (target?.kind === "open") {
      const origin = target.near ?? (await deps.shops.get(job.makerId)) ?? null;
      if (origin && distanceKm(origin, shop) > target.withinKm) continue;
    }
    const file = job.modelFileId ? await deps.designs.findFile(job.designId, job.modelFileId) : undefined;
    const needs = { size: file?.bbox ? boxSize(file.bbox) : null, material: job.material, hasGcode: job.gcodeFileId !== null };
    if (own.some((p) => printerCanMake(p.capabilities, needs, shop.materials).ok)) ids.push(job.id);
  }
  return ids;
}
