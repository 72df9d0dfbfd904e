/**
 * The shop list's printers (issue #6) against a real hub and real socket.io bridges: `GET /api/shops`
 * and `GET /api/shops/:id` carry, per shop, the printers that take remote jobs — build volume,
 * nozzle, materials loaded, slicer, online or offline — and an unrelated account (or anyone: the
 * shop list is public like the shop profiles) sees nothing private: no printer kept for the owner's
 * own jobs, no bridge or local id, firmware, status, temperatures or owner.
 */
import type { BridgeHelloResult, PrinterCapabilities, ShopList, ShopListing } from "@peerfab/protocol";
import { BRIDGE_NAMESPACE, ShopListingSchema, ShopListSchema } from "@peerfab/protocol";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser } from "./account-helpers.ts";
import type { BridgeClient } from "./fake-bridge.ts";
import { getJson, send, startTestHub, type TestHub, until } from "./helpers.ts";

const remote: PrinterCapabilities = {
  buildVolume: { x: 250, y: 210, z: 220 },
  nozzleDiameter: 0.6,
  firmware: "Marlin 2.1.2 secret-build-42",
  firmwareCaps: { AUTOREPORT_TEMP: true },
  firmwareFlavour: "marlin",
  materials: ["PLA", "PETG"],
  acceptsRemoteJobs: true,
  virtual: true,
  slicer: { name: "PrusaSlicer", version: "2.7.0" },
};

/** Connects a bridge for `token`'s account and registers `printers`; resolves with the socket and the hub's ids. */
async function connectBridge(hub: TestHub, token: string, bridgeId: string, printers: { name: string; capabilities: PrinterCapabilities }[]) {
  const socket: BridgeClient = io(`${hub.url}${BRIDGE_NAMESPACE}`, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("connect_error", reject));
  const ack = await socket.emitWithAck("bridge:hello", {
    bridgeId,
    version: "0.1.0",
    printers: printers.map((p, i) => ({ localId: `local-${bridgeId}-${i}`, name: p.name, capabilities: p.capabilities })),
    jobs: [],
  });
  if (!ack.ok) throw new Error(ack.detail);
  return { socket, printers: (ack as BridgeHelloResult).printers };
}

const profile = (displayName: string, latitude: number) => ({
  displayName,
  city: "Munich",
  latitude,
  longitude: 11.58,
  materials: ["PLA", "PETG"],
  colours: [],
  pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 },
  turnaroundDays: 2,
});

describe("GET /api/shops with the shops' printers", () => {
  let hub: TestHub;
  let strangerToken = "";
  let shopId = "";
  let awayId = "";
  let away: BridgeClient | undefined;
  let shopBridge: BridgeClient | undefined;
  const ids = { remote: "", own: "", away: "" };

  beforeAll(async () => {
    hub = await startTestHub();
    const [shop, awayShop, stranger] = await Promise.all(["shop", "away", "stranger"].map((who) => registerUser(hub, `${who}@example.org`)));
    if (!shop || !awayShop || !stranger) throw new Error("registration failed");
    shopId = shop.id;
    awayId = awayShop.id;
    const shopToken = (await createToken(hub, shop, "bridge")).token;
    const awayToken = (await createToken(hub, awayShop, "bridge")).token;
    strangerToken = (await createToken(hub, stranger, "script")).token;
    const connected = await connectBridge(hub, shopToken, "shop-bridge", [
      { name: "Shop MK4", capabilities: remote },
      { name: "Shop Own Use", capabilities: { ...remote, acceptsRemoteJobs: false } },
    ]);
    shopBridge = connected.socket;
    [ids.remote, ids.own] = connected.printers.map((p) => p.printerId) as [string, string];
    const awayBridge = await connectBridge(hub, awayToken, "away-bridge", [{ name: "Away Mini", capabilities: { ...remote, buildVolume: { x: 180, y: 180, z: 180 }, materials: ["PLA"], slicer: null } }]);
    away = awayBridge.socket;
    ids.away = awayBridge.printers[0]?.printerId ?? "";
    for (const [token, body] of [
      [shopToken, profile("Munich Makers", 48.14)],
      [awayToken, profile("Away Prints", 48.2)],
    ] as const) {
      const saved = await send(hub, "/api/shops/me", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, token);
      expect(saved.status).toBe(200);
    }
  });

  afterAll(async () => {
    shopBridge?.close();
    away?.close();
    await hub?.dispose();
  });

  it("lists each shop's printers for remote jobs with build volume, nozzle, materials, slicer and online", async () => {
    const list = ShopListSchema.parse(await getJson<ShopList>(hub, "/api/shops", strangerToken));
    const byName = new Map(list.shops.map((s) => [s.displayName, s]));
    expect(byName.get("Munich Makers")?.printers).toEqual([
      {
        id: ids.remote,
        name: "Shop MK4",
        capabilities: { buildVolume: { x: 250, y: 210, z: 220 }, nozzleDiameter: 0.6, materials: ["PLA", "PETG"], acceptsRemoteJobs: true, slicer: { name: "PrusaSlicer", version: "2.7.0" } },
        online: true,
      },
    ]);
    expect(byName.get("Away Prints")?.printers).toEqual([
      { id: ids.away, name: "Away Mini", capabilities: { buildVolume: { x: 180, y: 180, z: 180 }, nozzleDiameter: 0.6, materials: ["PLA"], acceptsRemoteJobs: true, slicer: null }, online: true },
    ]);
    const one = ShopListingSchema.parse(await getJson<ShopListing>(hub, `/api/shops/${shopId}`, strangerToken));
    expect(one.printers.map((p) => p.name)).toEqual(["Shop MK4"]);
  });

  it("shows an unrelated account, and an anonymous caller, nothing private about the printers", async () => {
    const paths = ["/api/shops", "/api/shops?near=48.14,11.58&km=50", `/api/shops/${shopId}`];
    const answers = [...paths.map((path) => ({ path, response: send(hub, path, {}, strangerToken) })), ...paths.map((path) => ({ path: `${path} (anonymous)`, response: fetch(`${hub.url}${path}`) }))];
    for (const { path, response } of answers) {
      const answer = await response;
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(text).toContain("Shop MK4");
      // The printer kept for the owner's own jobs is not listed at all.
      expect(text).not.toContain("Shop Own Use");
      expect(text).not.toContain(ids.own);
      for (const secret of ["secret-build-42", "firmware", "AUTOREPORT_TEMP", "local-shop-bridge", "shop-bridge", "bridgeId", "localId", "ownerId", "status", "temperatures", "needsBedClear", "virtual"]) {
        expect(text, `${path} leaks ${secret}`).not.toContain(secret);
      }
    }
    const listed = (await getJson<ShopList>(hub, "/api/shops", strangerToken)).shops.flatMap((s) => s.printers);
    for (const printer of listed) {
      expect(Object.keys(printer).sort()).toEqual(["capabilities", "id", "name", "online"]);
      expect(Object.keys(printer.capabilities).sort()).toEqual(["acceptsRemoteJobs", "buildVolume", "materials", "nozzleDiameter", "slicer"]);
    }
  });

  it("shows a printer offline once its bridge is gone, and keeps listing it", async () => {
    away?.close();
    const printers = await until("the away printer to show offline", async () => {
      const shop = await getJson<ShopListing>(hub, `/api/shops/${awayId}`, strangerToken);
      return shop.printers.every((p) => !p.online) ? shop.printers : undefined;
    });
    expect(printers.map((p) => [p.name, p.online])).toEqual([["Away Mini", false]]);
    const still = await getJson<ShopListing>(hub, `/api/shops/${shopId}`, strangerToken);
    expect(still.printers.map((p) => [p.name, p.online])).toEqual([["Shop MK4", true]]);
  });
});
