/**
 * The marketplace against a real hub and real socket.io bridges: shop profiles (rounded
 * coordinates, distance), open jobs offered to shops that can make them (fit, material, distance),
 * quotes sliced by the shop's bridge and priced by its rules or submitted by the shop, the NC
 * license check, accepting a quote, the bed-clear gate, reviews once per job and verified makes;
 * cancelling closes a job's quotes, and a bridge's refusal to quote shows on the shop's board.
 */
import type { Ack, Design, DesignCreated, Job, JobBoard, JobDispatch, PrinterCapabilities, Quote, QuoteEstimate, QuoteList, QuoteRequest, Shop, ShopList } from "@peerfab/protocol";
import { BRIDGE_NAMESPACE } from "@peerfab/protocol";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser, type TestUser } from "./account-helpers.ts";
import type { BridgeClient } from "./fake-bridge.ts";
import { getJson, postJson, send, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

const shopPrinter: PrinterCapabilities = {
  buildVolume: { x: 220, y: 220, z: 250 },
  nozzleDiameter: 0.4,
  firmware: "Marlin 2.1 (virtual)",
  firmwareCaps: {},
  materials: ["PLA", "PETG"],
  acceptsRemoteJobs: true,
  virtual: true,
  slicer: { name: "PrusaSlicer", version: "2.5.0" },
};

/** A shop's bridge: one printer per entry; answers quote requests with a fixed estimate (or `quoteAnswer`). */
class ShopBridge {
  readonly socket: BridgeClient;
  readonly dispatches: JobDispatch[] = [];
  readonly quoteRequests: QuoteRequest[] = [];
  printerIds: string[] = [];
  quoteAnswer: (request: QuoteRequest) => Ack<QuoteEstimate> = () => ({ ok: true, printSeconds: 2 * 3600, filamentGrams: 40 });

  constructor(url: string, token: string, private readonly id: string, private readonly printers: { name: string; capabilities: PrinterCapabilities }[]) {
    this.socket = io(`${url}${BRIDGE_NAMESPACE}`, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
    this.socket.on("job:dispatch", (dispatch, ack) => {
      this.dispatches.push(dispatch);
      ack({ ok: true });
    });
    this.socket.on("job:quote-request", (request, ack) => {
      this.quoteRequests.push(request);
      ack(this.quoteAnswer(request));
    });
    this.socket.on("job:control", (_control, ack) => ack({ ok: true }));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.socket.once("connect", () => resolve()).once("connect_error", reject));
    const ack = await this.socket.emitWithAck("bridge:hello", {
      bridgeId: this.id,
      version: "0.1.0",
      printers: this.printers.map((p, i) => ({ localId: `p${i}`, name: p.name, capabilities: p.capabilities })),
      jobs: [],
    });
    if (!ack.ok) throw new Error(ack.detail);
    this.printerIds = ack.printers.map((p) => p.printerId);
  }

  event(jobId: string, printerId: string, type: "started" | "completed", n: number): Promise<Ack> {
    return this.socket.emitWithAck("job:event", { eventId: `evt-${type}-${jobId}-${n}`, jobId, printerId, type, linesDone: 0, message: null, at: new Date().toISOString() });
  }
}

const MUNICH = { latitude: 48.13743, longitude: 11.57549 };
const BERLIN = { latitude: 52.52, longitude: 13.405 };
const profile = (displayName: string, at: { latitude: number; longitude: number }, materials = ["PLA", "PETG"]) => ({
  displayName,
  city: displayName.split(" ")[0],
  ...at,
  materials,
  colours: ["black", "orange"],
  pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 },
  turnaroundDays: 3,
});

describe("marketplace: shops, open jobs, quotes, bed clear, reviews", () => {
  let hub: TestHub;
  const users = {} as Record<"shop" | "far" | "maker" | "designer", TestUser & { token: string }>;
  let shopBridge: ShopBridge;
  let farBridge: ShopBridge;
  let cube: Buffer;
  let design: DesignCreated;
  let ncDesign: DesignCreated;

  const as = (who: keyof typeof users) => users[who].token;
  const put = (path: string, body: unknown, token: string) => send(hub, path, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, token);
  const openJob = async (designId: string, token: string, extra: Record<string, unknown> = {}): Promise<Job> => {
    const response = await postJson(hub, "/api/jobs", { designId, target: { kind: "open", withinKm: 50, near: MUNICH }, material: "PLA", colour: "orange", quantity: 2, notes: "for my desk", ...extra }, token);
    expect(response.status).toBe(201);
    return (await response.json()) as Job;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    cube = await stlFixture("cube-binary.stl");
    for (const who of ["shop", "far", "maker", "designer"] as const) {
      const user = await registerUser(hub, `${who}@example.org`, `${who[0]?.toUpperCase()}${who.slice(1)}`);
      users[who] = { ...user, token: (await createToken(hub, user, `${who} token`)).token };
    }
    shopBridge = new ShopBridge(hub.url, as("shop"), "shop-bridge", [
      { name: "Shop MK3", capabilities: shopPrinter },
      { name: "Shop Tiny", capabilities: { ...shopPrinter, buildVolume: { x: 5, y: 5, z: 5 } } },
      { name: "Shop Private", capabilities: { ...shopPrinter, acceptsRemoteJobs: false } },
    ]);
    await shopBridge.start();
    farBridge = new ShopBridge(hub.url, as("far"), "far-bridge", [{ name: "Far MK3", capabilities: shopPrinter }]);
    await farBridge.start();
    expect((await put("/api/shops/me", profile("Munich Prints", MUNICH), as("shop"))).status).toBe(200);
    expect((await put("/api/shops/me", profile("Berlin Prints", BERLIN), as("far"))).status).toBe(200);
    design = (await (await upload(hub, { file: { bytes: cube, name: "cube.stl" }, fields: { title: "Desk cube" } }, as("maker"))).json()) as DesignCreated;
    ncDesign = (await (await upload(hub, { file: { bytes: cube, name: "nc.stl" }, fields: { title: "NC cube", license: "CC-BY-NC-4.0" } }, as("designer"))).json()) as DesignCreated;
  });

  afterAll(async () => {
    shopBridge?.socket.close();
    farBridge?.socket.close();
    await hub?.dispose();
  });

  it("keeps shop coordinates rounded to about 1 km and lists shops by distance", async () => {
    const mine = await getJson<Shop>(hub, "/api/shops/me", as("shop"));
    expect(mine).toMatchObject({ id: users.shop.id, displayName: "Munich Prints", materials: ["PLA", "PETG"], rating: { average: null, count: 0 } });
    expect(mine.latitude).toBeCloseTo(48.14, 10);
    expect(mine.longitude).toBeCloseTo(11.58, 10);
    const near = await getJson<ShopList>(hub, "/api/shops?near=48.2,11.6&km=50", as("maker"));
    expect(near.shops.map((s) => s.displayName)).toEqual(["Munich Prints"]);
    expect(near.shops[0]?.distanceKm).toBeGreaterThan(5);
    expect(near.shops[0]?.distanceKm).toBeLessThan(8);
    const all = await getJson<ShopList>(hub, "/api/shops?near=48.2,11.6&km=1000", as("maker"));
    expect(all.shops.map((s) => s.displayName)).toEqual(["Munich Prints", "Berlin Prints"]);
    expect(JSON.stringify(all)).not.toContain("48.137");
    const invalid = await put("/api/shops/me", { ...profile("X", MUNICH), latitude: 123 }, as("maker"));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { detail: string }).detail).toMatch(/latitude/);
  });

  it("offers an open job only to shops in reach whose printers fit it and have the material", async () => {
    const job = await openJob(design.id, as("maker"));
    expect(job).toMatchObject({ state: "open", printerId: null, gcodeFileId: null, colour: "orange", quantity: 2, target: { kind: "open", withinKm: 50 } });
    const board = await getJson<JobBoard>(hub, "/api/jobs/board", as("shop"));
    const offer = board.offers.find((o) => o.jobId === job.id);
    // The tiny printer cannot fit the cube, the private one takes no remote jobs.
    expect(offer?.printerIds).toEqual([shopBridge.printerIds[0]]);
    expect((await getJson<JobBoard>(hub, "/api/jobs/board", as("far"))).offers.some((o) => o.jobId === job.id)).toBe(false);

    const abs = await openJob(design.id, as("maker"), { material: "ABS" });
    expect((await getJson<JobBoard>(hub, "/api/jobs/board", as("shop"))).offers.some((o) => o.jobId === abs.id)).toBe(false);
    const wide = await openJob(design.id, as("maker"), { target: { kind: "open", withinKm: 1000, near: MUNICH } });
    expect((await getJson<JobBoard>(hub, "/api/jobs/board", as("far"))).offers.some((o) => o.jobId === wide.id)).toBe(true);
  });

  it("quotes by the shop's bridge (priced by its rules) and by the shop; the maker accepts one and the job goes to that printer", async () => {
    const job = await openJob(design.id, as("maker"));
    const quotes = await until("the bridge's quote", async () => {
      const list = await getJson<QuoteList>(hub, `/api/jobs/${job.id}/quotes`, as("maker"));
      return list.quotes.length > 0 ? list.quotes : undefined;
    });
    expect(shopBridge.quoteRequests.find((r) => r.jobId === job.id)).toMatchObject({ printerId: shopBridge.printerIds[0], quantity: 2, slice: { material: "PLA", fileName: "cube.stl" } });
    // (2 h × 2 EUR + 40 g × 0.05 EUR) × 2 pieces = 12 EUR
    expect(quotes[0]).toMatchObject({ source: "bridge", priceCents: 1200, currency: "EUR", printSeconds: 7200, filamentGrams: 40, shopName: "Munich Prints", state: "offered" });

    // The shop adjusts it from the browser; the maker cannot quote their own job, nor can a shop out of reach.
    const adjusted = await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: shopBridge.printerIds[0], printSeconds: 7200, filamentGrams: 40, priceCents: 1000, note: "first-customer discount" }, as("shop"));
    expect(adjusted.status).toBe(201);
    const quote = (await adjusted.json()) as Quote;
    expect((await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: shopBridge.printerIds[0], printSeconds: 1, filamentGrams: 1 }, as("maker"))).status).toBe(403);
    expect((await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: farBridge.printerIds[0], printSeconds: 1, filamentGrams: 1 }, as("far"))).status).toBe(403);
    const tiny = await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: shopBridge.printerIds[1], printSeconds: 1, filamentGrams: 1 }, as("shop"));
    expect(tiny.status).toBe(400);
    const makersView = (await getJson<QuoteList>(hub, `/api/jobs/${job.id}/quotes`, as("maker"))).quotes;
    expect(makersView.map((q) => [q.priceCents, q.state])).toEqual([
      [1200, "closed"],
      [1000, "offered"],
    ]);

    // Only the maker accepts.
    expect((await postJson(hub, `/api/jobs/${job.id}/quotes/${quote.id}/accept`, {}, as("shop"))).status).toBe(403);
    const accepted = await postJson(hub, `/api/jobs/${job.id}/quotes/${quote.id}/accept`, {}, as("maker"));
    expect(accepted.status).toBe(200);
    expect((await accepted.json()) as Job).toMatchObject({ state: "accepted", printerId: shopBridge.printerIds[0], shopId: users.shop.id, agreedPriceCents: 1000, currency: "EUR" });
    const dispatch = await until("the job to reach the shop's printer", () => shopBridge.dispatches.find((d) => d.jobId === job.id));
    expect(dispatch).toMatchObject({ printerId: shopBridge.printerIds[0], fromOwner: false, slice: { material: "PLA", quality: "normal", fileName: "cube.stl" } });
    const history = (await getJson<Job>(hub, `/api/jobs/${job.id}`, as("shop"))).history.map((t) => [t.from, t.to, t.actor]);
    expect(history).toEqual([
      [null, "open", "maker"],
      ["open", "quoted", "shop"],
      ["quoted", "quoted", "shop"],
      ["quoted", "accepted", "maker"],
    ]);
    expect((await postJson(hub, `/api/jobs/${job.id}/quotes/${quote.id}/accept`, {}, as("maker"))).status).toBe(409);

    // Printed; the maker reviews once; the shop's bed must be cleared by its operator before the next job.
    expect(await shopBridge.event(job.id, shopBridge.printerIds[0] ?? "", "started", 1)).toEqual({ ok: true });
    const early = await postJson(hub, `/api/jobs/${job.id}/review`, { stars: 5, text: "great" }, as("maker"));
    expect(early.status).toBe(409);
    expect(await shopBridge.event(job.id, shopBridge.printerIds[0] ?? "", "completed", 2)).toEqual({ ok: true });
    expect((await postJson(hub, `/api/jobs/${job.id}/review`, { stars: 5, text: "great" }, as("shop"))).status).toBe(403);
    expect((await postJson(hub, `/api/jobs/${job.id}/review`, { stars: 6, text: "" }, as("maker"))).status).toBe(400);
    expect((await postJson(hub, `/api/jobs/${job.id}/review`, { stars: 4, text: "Clean print, fast." }, as("maker"))).status).toBe(201);
    const twice = await postJson(hub, `/api/jobs/${job.id}/review`, { stars: 1, text: "again" }, as("maker"));
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { detail: string }).detail).toMatch(/one review per job/);
    expect((await getJson<Shop>(hub, `/api/shops/${users.shop.id}`, as("maker"))).rating).toEqual({ average: 4, count: 1 });

    const made = await getJson<Design>(hub, `/api/designs/${design.id}`, as("far"));
    expect(made.makes).toEqual([expect.objectContaining({ printerName: "Shop MK3", material: "PLA", makerName: "Maker" })]);
  });

  it("holds the next job until the shop's operator confirms the bed is clear", async () => {
    const printerId = shopBridge.printerIds[0] ?? "";
    const job = await openJob(design.id, as("maker"));
    const quote = (await (await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId, printSeconds: 60, filamentGrams: 1 }, as("shop"))).json()) as Quote;
    expect((await postJson(hub, `/api/jobs/${job.id}/quotes/${quote.id}/accept`, {}, as("maker"))).status).toBe(200);
    const printer = await getJson<{ needsBedClear: boolean }>(hub, `/api/printers/${printerId}`, as("shop"));
    expect(printer.needsBedClear).toBe(true);
    expect(shopBridge.dispatches.some((d) => d.jobId === job.id)).toBe(false);
    // Only the printer's operator confirms (and so starts the remote job): not the maker, not another shop.
    expect((await postJson(hub, `/api/printers/${printerId}/bed-clear`, {}, as("maker"))).status).toBe(403);
    expect((await postJson(hub, `/api/printers/${printerId}/bed-clear`, {}, as("far"))).status).toBe(403);
    expect(shopBridge.dispatches.some((d) => d.jobId === job.id)).toBe(false);
    const cleared = await postJson(hub, `/api/printers/${printerId}/bed-clear`, {}, as("shop"));
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as { needsBedClear: boolean }).needsBedClear).toBe(false);
    await until("the held job to be dispatched", () => shopBridge.dispatches.find((d) => d.jobId === job.id));
  });

  it("refuses a price on a non-commercial design, unless the designer is the maker", async () => {
    const job = await openJob(ncDesign.id, as("maker"));
    const paid = await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: shopBridge.printerIds[0], printSeconds: 60, filamentGrams: 1, priceCents: 500 }, as("shop"));
    expect(paid.status).toBe(400);
    const refusal = (await paid.json()) as { error: string; detail: string };
    expect(refusal.error).toBe("non-commercial-license");
    expect(refusal.detail).toMatch(/CC-BY-NC-4.0, which forbids commercial use/);
    const free = await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: shopBridge.printerIds[0], printSeconds: 60, filamentGrams: 1, priceCents: 0 }, as("shop"));
    expect(free.status).toBe(201);

    const own = await openJob(ncDesign.id, as("designer"));
    const designersJob = await postJson(hub, `/api/jobs/${own.id}/quotes`, { printerId: shopBridge.printerIds[0], printSeconds: 60, filamentGrams: 1, priceCents: 500 }, as("shop"));
    expect(designersJob.status).toBe(201);
  });

  it("sends a job to one chosen shop only, and lets its maker cancel it before it prints", async () => {
    const response = await postJson(hub, "/api/jobs", { designId: design.id, target: { kind: "shop", shopId: users.far.id }, material: "PETG" }, as("maker"));
    expect(response.status).toBe(201);
    const job = (await response.json()) as Job;
    expect((await getJson<JobBoard>(hub, "/api/jobs/board", as("far"))).offers.some((o) => o.jobId === job.id)).toBe(true);
    expect((await getJson<JobBoard>(hub, "/api/jobs/board", as("shop"))).offers.some((o) => o.jobId === job.id)).toBe(false);
    expect((await postJson(hub, `/api/jobs/${job.id}/cancel`, {}, as("far"))).status).toBe(403);
    const cancelled = await postJson(hub, `/api/jobs/${job.id}/cancel`, {}, as("maker"));
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Job).state).toBe("cancelled");
    const unknown = await postJson(hub, "/api/jobs", { designId: design.id, target: { kind: "shop", shopId: "nobody" } }, as("maker"));
    expect(unknown.status).toBe(404);
  });

  it("closes every quote of a job its maker cancels, and refuses to accept one afterwards", async () => {
    const job = await openJob(design.id, as("maker"), { target: { kind: "open", withinKm: 1000, near: MUNICH } });
    const byBridges = await until("both shops' bridges to quote", async () => {
      const list = await getJson<QuoteList>(hub, `/api/jobs/${job.id}/quotes`, as("maker"));
      return list.quotes.length === 2 ? list.quotes : undefined;
    });
    expect(byBridges.map((q) => q.state)).toEqual(["offered", "offered"]);
    expect((await getJson<Job>(hub, `/api/jobs/${job.id}`, as("maker"))).state).toBe("quoted");

    const cancelled = await postJson(hub, `/api/jobs/${job.id}/cancel`, {}, as("maker"));
    expect(cancelled.status).toBe(200);
    const after = (await getJson<QuoteList>(hub, `/api/jobs/${job.id}/quotes`, as("maker"))).quotes;
    expect(after.map((q) => [q.id, q.state])).toEqual(byBridges.map((q) => [q.id, "closed"]));
    expect((await getJson<QuoteList>(hub, `/api/jobs/${job.id}/quotes`, as("far"))).quotes.map((q) => q.state)).toEqual(["closed"]);

    const late = await postJson(hub, `/api/jobs/${job.id}/quotes/${byBridges[0]?.id ?? ""}/accept`, {}, as("maker"));
    expect(late.status).toBe(409);
    expect(((await late.json()) as { detail: string }).detail).toMatch(/is cancelled, so its quotes are closed/);
    expect((await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: shopBridge.printerIds[0], printSeconds: 60, filamentGrams: 1 }, as("shop"))).status).toBe(409);
  });

  it("shows a shop on its job board why its bridge did not quote, until the shop quotes by hand", async () => {
    const refusal = "Shop MK3 would refuse to print the sliced job, so it is not quoted: its safety policy stops at X=260 beyond the bed.";
    shopBridge.quoteAnswer = () => ({ ok: false, error: "safety-policy", detail: refusal });
    try {
      const job = await openJob(design.id, as("maker"));
      const offer = await until("the refusal on the shop's board", async () => {
        const board = await getJson<JobBoard>(hub, "/api/jobs/board", as("shop"));
        return board.offers.find((o) => o.jobId === job.id && o.quoteProblem);
      });
      expect(offer).toMatchObject({ quoted: false, quoteProblem: refusal });
      expect(shopBridge.quoteRequests.some((r) => r.jobId === job.id)).toBe(true);
      expect((await getJson<QuoteList>(hub, `/api/jobs/${job.id}/quotes`, as("maker"))).quotes).toEqual([]);
      // Other jobs on the board carry no problem.
      const board = await getJson<JobBoard>(hub, "/api/jobs/board", as("shop"));
      expect(board.offers.filter((o) => o.jobId !== job.id).every((o) => o.quoteProblem === null)).toBe(true);

      expect((await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: shopBridge.printerIds[0], printSeconds: 3600, filamentGrams: 20 }, as("shop"))).status).toBe(201);
      const quotedOffer = (await getJson<JobBoard>(hub, "/api/jobs/board", as("shop"))).offers.find((o) => o.jobId === job.id);
      expect(quotedOffer).toMatchObject({ quoted: true, quoteProblem: null });
    } finally {
      shopBridge.quoteAnswer = () => ({ ok: true, printSeconds: 2 * 3600, filamentGrams: 40 });
    }
  });
});
