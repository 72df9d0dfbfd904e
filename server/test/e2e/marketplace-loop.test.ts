/**
 * The marketplace end to end, with real processes: a hub on a free port, two accounts, and the
 * shop's printer-bridge as a child process with the virtual printer (it takes remote jobs and
 * slices with the real PrusaSlicer). The maker uploads a mesh-only design and opens a job; the
 * shop's bridge quotes it by slicing, the hub prices the estimate by the shop's rules; the maker
 * accepts; the virtual printer prints the quoted G-code to completion and the bridge sends it to
 * the hub, where the maker reads it; the shop clears the bed;
 * the maker reviews; the design shows the verified make.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BrowserToHubEvents,
  type Design,
  type DesignCreated,
  type HubToBrowserEvents,
  gcodeCommands,
  type Job,
  type Printer,
  type PrinterStatus,
  type QuoteList,
  quotePriceCents,
} from "@peerfab/protocol";
import { launchBridgeProcess, stopBridgeProcess } from "@peerfab/printer-bridge/launch";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser } from "../account-helpers.ts";
import { getJson, postJson, repoRoot, send, startTestHub, type TestHub, upload } from "../helpers.ts";
import { until } from "./support.ts";

const MUNICH = { latitude: 48.13743, longitude: 11.57549 };
const PRICING = { currency: "EUR", perHour: 3, perGram: 0.1, minimumOrder: 2 };

describe("marketplace loop, end to end", () => {
  let hub: TestHub;
  let dataDir: string;
  let bridge: ChildProcess;
  let bridgeOutput = "";
  let shopWatch: Socket<HubToBrowserEvents, BrowserToHubEvents>;
  const statuses: PrinterStatus[] = [];
  let acceptedLog: string;
  let shopToken: string;
  let makerToken: string;
  let shopId: string;

  const withBridgeOutput = (error: unknown): never => {
    throw new Error(`${String(error)}\nbridge output:\n${bridgeOutput}`);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "peerfab-e2e-market-"));
    acceptedLog = join(dataDir, "virtual-printer-accepted.log");
    hub = await startTestHub({ dataDir });
    const shop = await registerUser(hub, "shop@example.org", "Corner Print Shop");
    const maker = await registerUser(hub, "maker@example.org", "Mia Maker");
    shopId = shop.id;
    shopToken = (await createToken(hub, shop, "shop bridge")).token;
    makerToken = (await createToken(hub, maker, "maker script")).token;

    const profile = { displayName: "Corner Print Shop", city: "Munich", ...MUNICH, materials: ["PLA", "PETG"], colours: ["black"], pricing: PRICING, turnaroundDays: 2 };
    const put = await send(hub, "/api/shops/me", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(profile) }, shopToken);
    expect(put.status).toBe(200);

    await writeFile(join(dataDir, "shop-token"), shopToken);
    bridge = launchBridgeProcess({ hubUrl: hub.url, tokenFile: join(dataDir, "shop-token"), stateDir: join(dataDir, "shop-bridge"), virtual: true, virtualLog: acceptedLog });
    bridge.stdout?.on("data", (d: Buffer) => (bridgeOutput += d.toString()));
    bridge.stderr?.on("data", (d: Buffer) => (bridgeOutput += d.toString()));
    // The shop's dashboard, as its browser sees it.
    shopWatch = io(hub.url, { transports: ["websocket"], auth: { token: shopToken } });
    shopWatch.on("printer:status", (s) => statuses.push(s));
  }, 60_000);

  afterAll(async () => {
    shopWatch?.close();
    if (bridge) await stopBridgeProcess(bridge);
    await hub?.dispose();
  }, 30_000);

  it("quotes by slicing at the shop, prints the accepted job, and records the review and the make", async () => {
    const printer = await until("the shop's bridge to register an idle virtual printer", async () => {
      const printers = await getJson<Printer[]>(hub, "/api/printers", shopToken);
      return printers.find((p) => p.status.state === "idle");
    }).catch(withBridgeOutput);
    expect(printer.capabilities).toMatchObject({ acceptsRemoteJobs: true, materials: ["PLA", "PETG"], slicer: { name: "PrusaSlicer" } });

    // The maker publishes a mesh only (no G-code) and asks shops nearby to make it.
    const stl = await readFile(join(repoRoot, "models", "calibration-cube.stl"));
    const uploaded = await upload(hub, { file: { bytes: stl, name: "calibration-cube.stl" }, fields: { title: "Calibration cube", license: "CC-BY-4.0" } }, makerToken);
    expect(uploaded.status).toBe(201);
    const design = (await uploaded.json()) as DesignCreated;
    const created = await postJson(hub, "/api/jobs", { designId: design.id, target: { kind: "open", withinKm: 25, near: MUNICH }, material: "PLA", colour: "black", quantity: 2 }, makerToken);
    expect(created.status).toBe(201);
    const job = (await created.json()) as Job;
    expect(job).toMatchObject({ state: "open", gcodeFileId: null, printerId: null });

    // The shop's bridge slices it with PrusaSlicer and the hub prices that by the shop's rules.
    const quote = await until("the bridge's quote", async () => (await getJson<QuoteList>(hub, `/api/jobs/${job.id}/quotes`, makerToken)).quotes[0]).catch(
      withBridgeOutput,
    );
    const reference = await readFile(join(repoRoot, "models", "calibration-cube.gcode"), "utf8");
    const slicerGrams = Number(/^; total filament used \[g\] = ([\d.]+)$/m.exec(reference)?.[1]);
    expect(quote).toMatchObject({ source: "bridge", state: "offered", shopName: "Corner Print Shop", printerId: printer.id, currency: "EUR" });
    // PrusaSlicer's own figures for this cube on this profile: 17 min 58 s, 3.69 g.
    expect(Math.abs(quote.printSeconds - 1078)).toBeLessThan(1078 * 0.02);
    expect(Math.abs(quote.filamentGrams - slicerGrams)).toBeLessThan(slicerGrams * 0.02);
    expect(quote.priceCents).toBe(quotePriceCents(PRICING, quote.printSeconds, quote.filamentGrams, 2));

    const accepted = await postJson(hub, `/api/jobs/${job.id}/quotes/${quote.id}/accept`, {}, makerToken);
    expect(accepted.status).toBe(200);
    expect((await accepted.json()) as Job).toMatchObject({ state: "accepted", printerId: printer.id, shopId, agreedPriceCents: quote.priceCents });

    const finished = await until("the job to end", async () => {
      const current = await getJson<Job>(hub, `/api/jobs/${job.id}`, makerToken);
      return ["completed", "failed", "cancelled"].includes(current.state) ? current : undefined;
    }).catch(withBridgeOutput);
    expect({ state: finished.state, message: finished.message }).toMatchObject({ state: "completed" });
    expect(finished.history.map((t) => [t.from, t.to, t.actor])).toEqual([
      [null, "open", "maker"],
      ["open", "quoted", "shop"],
      ["quoted", "accepted", "maker"],
      ["accepted", "printing", "bridge"],
      ["printing", "completed", "bridge"],
    ]);
    // It printed the G-code sliced for the quote: every command reached the printer, PLA temperatures,
    // and the printer never went back to slicing.
    const commands = (await readFile(acceptedLog, "utf8")).split("\n").filter(Boolean);
    expect(commands).toHaveLength(finished.linesDone);
    expect(commands).toContain("M104 S215");
    expect(statuses.some((s) => s.printerId === printer.id && s.progress?.jobId === job.id)).toBe(true);
    expect(statuses.some((s) => s.slicing?.jobId === job.id)).toBe(false);
    // The bridge sent the hub the G-code it printed: the maker reads exactly that (issue #6).
    const sliced = await until("the sliced G-code on the job", async () => (await getJson<Job>(hub, `/api/jobs/${job.id}`, makerToken)).slicedGcode ?? undefined);
    const gcode = await send(hub, `/api/jobs/${job.id}/sliced-gcode`, {}, makerToken);
    expect(gcode.status).toBe(200);
    expect(gcodeCommands(await gcode.text())).toEqual(commands);
    expect(sliced.commands).toBe(commands.length);

    // The print is on the bed: no next job until the shop's operator clears it.
    const printed = await getJson<Printer>(hub, `/api/printers/${printer.id}`, shopToken);
    expect(printed.needsBedClear).toBe(true);
    expect((await postJson(hub, `/api/printers/${printer.id}/bed-clear`, {}, makerToken)).status).toBe(403);
    const cleared = await postJson(hub, `/api/printers/${printer.id}/bed-clear`, {}, shopToken);
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as Printer).needsBedClear).toBe(false);

    // The maker reviews the shop; the design shows the verified make.
    expect((await postJson(hub, `/api/jobs/${job.id}/review`, { stars: 5, text: "Crisp edges, on time." }, makerToken)).status).toBe(201);
    const shop = await getJson<{ rating: { average: number | null; count: number } }>(hub, `/api/shops/${shopId}`, makerToken);
    expect(shop.rating).toEqual({ average: 5, count: 1 });
    const made = await getJson<Design>(hub, `/api/designs/${design.id}`);
    expect(made.makes).toEqual([expect.objectContaining({ printerName: "PeerFab Virtual MK1", material: "PLA", makerName: "Mia Maker" })]);
  }, 90_000);
});
