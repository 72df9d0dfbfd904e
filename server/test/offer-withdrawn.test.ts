/**
 * Shops' boards learn at once that a job they were offered left the market: cancelling an open or
 * quoted job, or accepting one shop's quote, sends `job:withdrawn` (the job's id and state only)
 * to the shops it was offered to — and to no other shop. Real hub, real socket.io clients as the
 * shops' bridges and browsers.
 */
import type { DesignCreated, HubToBrowserEvents, BrowserToHubEvents, Job, JobOffer, JobWithdrawn, Quote } from "@peerfab/protocol";
import { BRIDGE_NAMESPACE } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser } from "./account-helpers.ts";
import { type BridgeClient, shopPrinterCapabilities } from "./fake-bridge.ts";
import { postJson, send, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

const MUNICH = { latitude: 48.13743, longitude: 11.57549 };
const BERLIN = { latitude: 52.52, longitude: 13.405 };

/** A shop: its account, its bridge with one printer that takes remote jobs, and its board open in a browser. */
interface TestShop {
  token: string;
  printerId: string;
  bridge: BridgeClient;
  browser: Socket<HubToBrowserEvents, BrowserToHubEvents>;
  offered: JobOffer[];
  withdrawn: JobWithdrawn[];
}

describe("a job leaving the market reaches the boards it was on", () => {
  let hub: TestHub;
  let makerToken: string;
  let design: DesignCreated;
  const shops = {} as Record<"near" | "alsoNear" | "far", TestShop>;

  const openShop = async (name: string, at: { latitude: number; longitude: number }): Promise<TestShop> => {
    const user = await registerUser(hub, `${name}@example.org`, name);
    const token = (await createToken(hub, user, `${name} token`)).token;
    const bridge: BridgeClient = io(`${hub.url}${BRIDGE_NAMESPACE}`, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
    // This bridge's slicer does not quote; the shops quote from the browser.
    bridge.on("job:quote-request", (_request, ack) => ack({ ok: false, error: "slicer-missing", detail: "no slicer in this test" }));
    bridge.on("job:dispatch", (_dispatch, ack) => ack({ ok: true }));
    await new Promise<void>((resolve, reject) => bridge.once("connect", () => resolve()).once("connect_error", reject));
    const hello = await bridge.emitWithAck("bridge:hello", { bridgeId: `${name}-bridge`, version: "0.1.0", printers: [{ localId: "p0", name: `${name} MK3`, capabilities: shopPrinterCapabilities }], jobs: [] });
    if (!hello.ok) throw new Error(hello.detail);
    const profile = { displayName: name, city: name, ...at, materials: ["PLA"], colours: ["black"], pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 }, turnaroundDays: 3 };
    expect((await send(hub, "/api/shops/me", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(profile) }, token)).status).toBe(200);
    const browser: Socket<HubToBrowserEvents, BrowserToHubEvents> = io(hub.url, { auth: { token }, transports: ["websocket"], forceNew: true });
    const shop: TestShop = { token, printerId: hello.printers[0]?.printerId ?? "", bridge, browser, offered: [], withdrawn: [] };
    browser.on("job:offered", (offer) => shop.offered.push(offer));
    browser.on("job:withdrawn", (withdrawal) => shop.withdrawn.push(withdrawal));
    await new Promise<void>((resolve) => browser.once("connect", () => resolve()));
    return shop;
  };
  const openJob = async (): Promise<Job> => {
    const response = await postJson(hub, "/api/jobs", { designId: design.id, target: { kind: "open", withinKm: 50, near: MUNICH }, material: "PLA" }, makerToken);
    expect(response.status).toBe(201);
    const job = (await response.json()) as Job;
    await until("the near shops to be offered the job", () => (shops.near.offered.some((o) => o.jobId === job.id) && shops.alsoNear.offered.some((o) => o.jobId === job.id) ? true : undefined));
    return job;
  };
  /** A round trip on the shop's browser socket: anything the hub sent it before has arrived. */
  const settled = async (shop: TestShop) => {
    await shop.browser.emitWithAck("dashboard:sync");
  };
  const withdrawalsOf = (shop: TestShop, jobId: string) => shop.withdrawn.filter((w) => w.jobId === jobId);

  beforeAll(async () => {
    hub = await startTestHub();
    const maker = await registerUser(hub, "maker@example.org", "Maker");
    makerToken = (await createToken(hub, maker, "maker token")).token;
    shops.near = await openShop("munich", MUNICH);
    shops.alsoNear = await openShop("schwabing", { latitude: 48.16, longitude: 11.58 });
    shops.far = await openShop("berlin", BERLIN);
    design = (await (await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "cube.stl" }, fields: { title: "Desk cube" } }, makerToken)).json()) as DesignCreated;
  });

  afterAll(async () => {
    for (const shop of Object.values(shops)) {
      shop.bridge.close();
      shop.browser.close();
    }
    await hub?.dispose();
  });

  it("tells every shop an open job was offered to that the maker cancelled it, and no other shop", async () => {
    const job = await openJob();
    const cancel = await send(hub, `/api/jobs/${job.id}/cancel`, { method: "POST" }, makerToken);
    expect(cancel.status).toBe(200);

    for (const shop of [shops.near, shops.alsoNear]) {
      await until("the shop to learn the job was withdrawn", () => withdrawalsOf(shop, job.id)[0]);
      expect(withdrawalsOf(shop, job.id)).toEqual([{ jobId: job.id, state: "cancelled" }]);
    }
    // Out of reach, so never offered: told nothing.
    await settled(shops.far);
    expect(withdrawalsOf(shops.far, job.id)).toEqual([]);
  });

  it("tells the shops a quoted job was offered to when the maker accepts one shop's quote, but not the winner", async () => {
    const job = await openJob();
    const quoted = await postJson(hub, `/api/jobs/${job.id}/quotes`, { printerId: shops.near.printerId, printSeconds: 3600, filamentGrams: 20 }, shops.near.token);
    expect(quoted.status).toBe(201);
    const quote = (await quoted.json()) as Quote;
    await settled(shops.alsoNear);
    expect(withdrawalsOf(shops.alsoNear, job.id)).toEqual([]); // a quote keeps the job on the market

    const accept = await postJson(hub, `/api/jobs/${job.id}/quotes/${quote.id}/accept`, {}, makerToken);
    expect(accept.status).toBe(200);
    await until("the other shop to learn the job was taken", () => withdrawalsOf(shops.alsoNear, job.id)[0]);
    expect(withdrawalsOf(shops.alsoNear, job.id)).toEqual([{ jobId: job.id, state: "accepted" }]);
    await settled(shops.near);
    expect(withdrawalsOf(shops.near, job.id)).toEqual([]);
    expect(withdrawalsOf(shops.far, job.id)).toEqual([]);
  });
});
