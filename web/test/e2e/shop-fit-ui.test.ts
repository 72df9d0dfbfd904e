/**
 * The print dialog's shop fit badge (issue #6) in a real browser (Debian's Chromium, headless)
 * against a real hub and a real bridge process: the local owner runs "Tiny Prints", nearest,
 * whose only printer (from printers.json) is 10 × 10 × 10 mm; "Big Prints", farther away, has a
 * 250 × 210 × 210 mm printer on a second account's bridge. A maker on a 375 px phone opens the
 * calibration cube and chooses a shop: Big Prints is listed first and chosen, Tiny Prints last,
 * not selectable, with "Too big for its printer: … vs 10 × 10 × 10 mm" in words, and its printer
 * listed. Screenshot in test-artifacts/marketplace/.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { BRIDGE_NAMESPACE, type BridgeToHubEvents, type CreatedApiToken, type DesignList, type HubToBridgeEvents, type ShopList } from "@peerfab/protocol";
import type { Page } from "playwright-core";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageScrollWidth } from "./chromium.ts";
import { shopProfile } from "./demo-fixtures.ts";
import { type DemoStack, repoRoot, startDemoStack } from "./demo-stack.ts";

const artifacts = join(repoRoot, "test-artifacts", "marketplace");

/** The local owner's only printer: far too small for the 20 mm calibration cube. */
const TINY_PRINTER = {
  localId: "tiny",
  name: "Tiny Delta",
  port: "virtual",
  buildVolume: { x: 10, y: 10, z: 10 },
  nozzleDiameter: 0.4,
  materials: ["PLA"],
  acceptsRemoteJobs: true,
  virtual: {},
};

describe("shop fit badge in the print dialog in headless Chromium", () => {
  let stack: DemoStack;
  let maker: Page;
  let bigBridge: Socket<HubToBridgeEvents, BridgeToHubEvents> | undefined;
  let designId = "";

  /** A JSON request from this computer, as the hub's own page sends it (the trusted local owner unless `headers` say who). */
  const call = (path: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.hub.url}${path}`, { method, headers: { "content-type": "application/json", origin: stack.hub.url, ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    stack = await startDemoStack({ name: "shop-fit-ui", printers: [TINY_PRINTER] });
    const { hub } = stack;
    expect((await call("/api/shops/me", "PUT", shopProfile({ displayName: "Tiny Prints", city: "Munich", latitude: 48.14, longitude: 11.58 }))).status).toBe(200);

    // A second account runs "Big Prints" in Nuremberg with one big printer on its own bridge.
    const registered = await call("/api/auth/register", "POST", { email: "big@example.org", password: "correct horse battery", displayName: "Big" });
    expect(registered.status).toBe(201);
    const cookie = registered.headers.getSetCookie().find((c) => c.startsWith("peerfab_session="))?.split(";")[0] ?? "";
    const created = (await (await call("/api/tokens", "POST", { label: "bridge" }, { cookie })).json()) as CreatedApiToken;
    expect((await call("/api/shops/me", "PUT", shopProfile({ displayName: "Big Prints", city: "Nuremberg", latitude: 49.45, longitude: 11.08 }), { cookie })).status).toBe(200);
    const bridge: Socket<HubToBridgeEvents, BridgeToHubEvents> = io(`${hub.url}${BRIDGE_NAMESPACE}`, { auth: { token: created.token }, transports: ["websocket"], reconnection: false, forceNew: true });
    bigBridge = bridge;
    await new Promise<void>((resolve, reject) => bridge.once("connect", () => resolve()).once("connect_error", reject));
    const capabilities = { buildVolume: { x: 250, y: 210, z: 210 }, nozzleDiameter: 0.4, firmware: "Marlin (test)", firmwareCaps: {}, materials: ["PLA"], acceptsRemoteJobs: true, virtual: true, slicer: { name: "PrusaSlicer", version: "2.7.0" } };
    const hello = await bridge.emitWithAck("bridge:hello", { bridgeId: "big-bridge", version: "test", printers: [{ localId: "big", name: "Big Box", capabilities }], jobs: [] });
    if (!hello.ok) throw new Error(hello.detail);

    const designs = (await (await fetch(`${hub.url}/api/designs?q=calibration`)).json()) as DesignList;
    designId = designs.designs[0]?.id ?? "";
    expect(designId).not.toBe("");

    maker = await stack.newPage({ width: 375, height: 812 });
    const signedUp = await maker.context().request.post(`${hub.url}/api/auth/register`, {
      data: { email: "maker@example.org", password: "correct horse battery", displayName: "Grace" },
      headers: { origin: hub.url },
    });
    expect(signedUp.status()).toBe(201);
  }, 90_000);

  afterAll(async () => {
    bigBridge?.close();
    await stack?.close();
  }, 30_000);

  it("lists the shop whose only printer is too small last, not selectable, and says why in words", async () => {
    // The tiny printer registers through the real bridge process; wait until the hub lists it.
    await expect
      .poll(async () => ((await (await fetch(`${stack.hub.url}/api/shops`)).json()) as ShopList).shops.every((s) => s.printers.length > 0), { timeout: 30_000 })
      .toBe(true);

    await maker.goto(`${stack.hub.url}/#/designs/${designId}`);
    await maker.getByTestId("print-section").waitFor({ timeout: 30_000 });
    await maker.getByTestId("target-shop").check();
    await maker.getByTestId("near-latitude").fill("48.14");
    await maker.getByTestId("near-longitude").fill("11.58");
    await maker.getByTestId("near-km").fill("500");
    const rows = maker.getByTestId("shop-row");
    const tiny = rows.filter({ hasText: "Tiny Prints" });
    const big = rows.filter({ hasText: "Big Prints" });
    // Tiny Prints is the nearer one, but it cannot make the cube: listed after Big Prints.
    await expect.poll(() => tiny.getByTestId("shop-place").innerText(), { timeout: 15_000 }).toMatch(/^Munich · under 1 km/);
    expect(await rows.evaluateAll((items) => items.map((item) => item.querySelector(".shop-name")?.textContent))).toEqual(["Big Prints", "Tiny Prints"]);

    expect(await tiny.getAttribute("data-fit")).toBe("no");
    expect(await tiny.getByTestId("shop-fit").innerText()).toMatch(/^Too big for its printer: \d+(\.\d)? × \d+(\.\d)? × \d+(\.\d)? mm vs 10 × 10 × 10 mm$/);
    expect(await tiny.getByRole("radio").isDisabled()).toBe(true);
    expect(await tiny.getByTestId("shop-printer").innerText()).toMatch(/Tiny Delta: 10 × 10 × 10 mm, 0\.4 mm nozzle, PLA, (online|offline)/);

    expect(await big.getAttribute("data-fit")).toBe("yes");
    expect(await big.getByTestId("shop-fit").innerText()).toBe("Fits Big Box · PLA");
    expect(await big.getByRole("radio").isChecked()).toBe(true);
    expect(await maker.getByTestId("shop-fit-summary").innerText()).toBe("1 of 2 shops can make it in PLA; the others are listed last with the reason.");
    expect(await maker.getByTestId("print-button").isEnabled()).toBe(true);

    expect(await pageScrollWidth(maker)).toBeLessThanOrEqual(375);
    await maker.screenshot({ path: join(artifacts, "shop-fit-too-big-375.png"), fullPage: true });
    expect(stack.pageErrors).toEqual([]);
  }, 90_000);
});
