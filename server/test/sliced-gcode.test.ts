/**
 * `PUT/GET /api/jobs/:id/sliced-gcode` against a real hub: a shop's bridge (a real socket.io
 * client) prints a maker's mesh-only job and sends the G-code it sliced. Who may send it (the
 * bridge token of the printer's owner only) and read it (that owner and the job's maker); what
 * is refused before anything is stored (no digest, a wrong digest, binary data, binary G-code,
 * comments only, too large — also when streamed without a length — a job with the design's
 * G-code); and that sending it again is harmless while other G-code is refused.
 */
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { BRIDGE_NAMESPACE, gcodeCommands, type Job, type QuoteList, sha256ContentDigest, type SlicedGcodeReceipt } from "@peerfab/protocol";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser, sessionHeaders, type TestUser } from "./account-helpers.ts";
import { type BridgeClient, shopPrinterCapabilities } from "./fake-bridge.ts";
import { apiError, filesUnder, getJson, postJson, printFixture, send, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

const MAX_UPLOAD_BYTES = 1024 * 1024;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("G-code a printer's bridge sliced for a job", () => {
  let hub: TestHub;
  let shop: TestUser & { token: string };
  let maker: TestUser & { token: string };
  let stranger: TestUser & { token: string };
  let bridge: BridgeClient;
  let printerId = "";
  let gcode: Buffer;
  /** The maker's mesh job, accepted on the shop's printer. */
  let job: Job;

  const put = (jobId: string, body: NonNullable<RequestInit["body"]>, headers: Record<string, string>, token?: string) =>
    fetch(`${hub.url}/api/jobs/${jobId}/sliced-gcode`, {
      method: "PUT",
      body,
      headers: { "content-type": "text/x.gcode", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      duplex: "half",
    } as RequestInit);
  const putGcode = (jobId: string, bytes: Uint8Array, token = shop.token) => put(jobId, new Uint8Array(bytes), { "content-digest": sha256ContentDigest(sha256(bytes)) }, token);
  /** Files left in the hub's temp area and blob store. */
  const stored = async () => ({ tmp: await readdir(join(hub.dataDir, "tmp")), blobs: (await filesUnder(join(hub.dataDir, "blobs"))).sort() });

  beforeAll(async () => {
    hub = await startTestHub({ maxUploadBytes: MAX_UPLOAD_BYTES });
    gcode = await printFixture("cube-10mm.gcode");
    const account = async (who: string) => {
      const user = await registerUser(hub, `${who}@example.org`, who);
      return { ...user, token: (await createToken(hub, user, `${who} token`)).token };
    };
    shop = await account("shop");
    maker = await account("maker");
    stranger = await account("stranger");

    bridge = io(`${hub.url}${BRIDGE_NAMESPACE}`, { auth: { token: shop.token }, transports: ["websocket"], reconnection: false, forceNew: true });
    bridge.on("job:dispatch", (_dispatch, ack) => ack({ ok: true }));
    bridge.on("job:quote-request", (_request, ack) => ack({ ok: true, printSeconds: 1800, filamentGrams: 5 }));
    bridge.on("job:control", (_control, ack) => ack({ ok: true }));
    await new Promise<void>((resolve, reject) => bridge.once("connect", () => resolve()).once("connect_error", reject));
    const hello = await bridge.emitWithAck("bridge:hello", { bridgeId: "shop-bridge", version: "0.1.0", printers: [{ localId: "p0", name: "Shop MK3", capabilities: shopPrinterCapabilities }], jobs: [] });
    if (!hello.ok) throw new Error(hello.detail);
    printerId = hello.printers[0]?.printerId ?? "";
    const profile = { displayName: "Shop", city: "Munich", latitude: 48.14, longitude: 11.58, materials: ["PLA"], colours: [], pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 }, turnaroundDays: 2 };
    expect((await send(hub, "/api/shops/me", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(profile) }, shop.token)).status).toBe(200);

    // The maker sends a mesh-only design to the shop and accepts the quote its bridge sliced.
    const uploaded = await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "cube.stl" }, fields: { title: "Cube" } }, maker.token);
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const design = (await uploaded.json()) as { id: string };
    const created = await postJson(hub, "/api/jobs", { designId: design.id, target: { kind: "shop", shopId: shop.id }, material: "PLA" }, maker.token);
    expect(created.status).toBe(201);
    const open = (await created.json()) as Job;
    const quote = await until("the bridge's quote", async () => (await getJson<QuoteList>(hub, `/api/jobs/${open.id}/quotes`, maker.token)).quotes[0]);
    const accepted = await postJson(hub, `/api/jobs/${open.id}/quotes/${quote.id}/accept`, {}, maker.token);
    expect(accepted.status).toBe(200);
    job = (await accepted.json()) as Job;
    expect(job).toMatchObject({ state: "accepted", printerId, gcodeFileId: null, slicedGcode: null });
  });

  afterAll(async () => {
    bridge?.close();
    await hub?.dispose();
  });

  it("refuses callers who are not the printer's bridge: anonymous, a browser session, the maker's and a stranger's tokens", async () => {
    const digest = { "content-digest": sha256ContentDigest(sha256(gcode)) };
    expect((await put(job.id, new Uint8Array(gcode), { ...digest, origin: hub.url })).status).toBe(401);
    const session = await put(job.id, new Uint8Array(gcode), { ...digest, ...sessionHeaders(hub, shop.cookie) });
    expect(session.status).toBe(401);
    expect((await apiError(session)).error).toBe("token-required");
    const byMaker = await putGcode(job.id, gcode, maker.token);
    expect(byMaker.status).toBe(403);
    expect((await apiError(byMaker)).detail).toMatch(/only the bridge of the printer that holds the job/);
    expect((await putGcode(job.id, gcode, stranger.token)).status).toBe(403);
    expect((await putGcode("job_missing", gcode)).status).toBe(404);
  });

  it("refuses what is not the job's sliced G-code, leaving nothing behind", { timeout: 30_000 }, async () => {
    // A job printing the design's own G-code has nothing sliced.
    const design = (await (await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "cube.stl" }, gcode: { bytes: gcode, name: "cube.gcode" } }, shop.token)).json()) as { id: string };
    const ownJob = (await (await postJson(hub, "/api/jobs", { designId: design.id, printerId }, shop.token)).json()) as Job;
    const before = await stored();
    const refused = await putGcode(ownJob.id, gcode);
    expect({ status: refused.status, error: (await apiError(refused)).error }).toEqual({ status: 409, error: "job-has-gcode" });
    expect((await send(hub, `/api/jobs/${ownJob.id}/cancel`, { method: "POST" }, shop.token)).status).toBe(200);

    const cases: { body: Uint8Array; headers?: Record<string, string>; status: number; error: string }[] = [
      { body: gcode, headers: { "content-digest": "" }, status: 400, error: "digest-required" },
      { body: gcode, headers: { "content-digest": sha256ContentDigest(sha256(Buffer.from("other"))) }, status: 422, error: "checksum-mismatch" },
      { body: gcode, headers: { "content-type": "image/png" }, status: 415, error: "gcode-body-required" },
      { body: await stlFixture("cube-binary.stl"), status: 422, error: "not-gcode" },
      { body: Buffer.concat([Buffer.from("GCDE"), Buffer.from([1, 0, 0, 0, 0, 0])]), status: 415, error: "binary-gcode" },
      { body: await printFixture("cube-10mm.gcode.3mf"), status: 415, error: "package" },
      { body: Buffer.from("; only a comment\n\n;another\n"), status: 422, error: "empty-gcode" },
      { body: Buffer.alloc(MAX_UPLOAD_BYTES + 1, "G1 X1\n"), status: 413, error: "gcode-too-large" },
    ];
    for (const c of cases) {
      const response = await put(job.id, new Uint8Array(c.body), { "content-digest": sha256ContentDigest(sha256(c.body)), ...c.headers }, shop.token);
      expect({ status: response.status, error: (await apiError(response)).error }).toEqual({ status: c.status, error: c.error });
    }
    // Streamed without a Content-Length, the limit holds while reading.
    const big = Buffer.alloc(2 * MAX_UPLOAD_BYTES, "G1 X1\n");
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < big.length; at += 64 * 1024) controller.enqueue(new Uint8Array(big.subarray(at, at + 64 * 1024)));
        controller.close();
      },
    });
    const streamed = await put(job.id, chunks, { "content-digest": sha256ContentDigest(sha256(big)) }, shop.token);
    expect({ status: streamed.status, error: (await apiError(streamed)).error }).toEqual({ status: 413, error: "gcode-too-large" });

    expect(await stored()).toEqual({ tmp: [], blobs: before.blobs });
    expect((await getJson<Job>(hub, `/api/jobs/${job.id}`, maker.token)).slicedGcode).toBeNull();
  });

  it("records it on the job once and shows it to the printer's owner and the job's maker only", async () => {
    const early = await send(hub, `/api/jobs/${job.id}/sliced-gcode`, {}, maker.token);
    expect({ status: early.status, error: (await apiError(early)).error }).toEqual({ status: 404, error: "sliced-gcode-not-found" });

    const makerWatch = io(hub.url, { transports: ["websocket"], extraHeaders: { cookie: maker.cookie }, forceNew: true });
    const updates: Job[] = [];
    makerWatch.on("job:updated", (j) => updates.push(j));
    await new Promise<void>((resolve) => makerWatch.once("connect", () => resolve()));

    const response = await putGcode(job.id, gcode);
    expect(response.status).toBe(201);
    const receipt = (await response.json()) as SlicedGcodeReceipt;
    const text = gcode.toString("utf8");
    expect(receipt).toMatchObject({
      jobId: job.id,
      created: true,
      sha256: sha256(gcode),
      size: gcode.length,
      // The bridge's rule for commands, and PrusaSlicer's own layer markers.
      commands: gcodeCommands(text).length,
      layers: text.match(/^;LAYER_CHANGE$/gm)?.length,
    });
    const recorded = await getJson<Job>(hub, `/api/jobs/${job.id}`, maker.token);
    expect(recorded.slicedGcode).toEqual({ sha256: receipt.sha256, size: receipt.size, commands: receipt.commands, layers: receipt.layers, receivedAt: receipt.receivedAt });
    expect(recorded.linesTotal).toBe(receipt.commands);
    const announced = await until("the maker's dashboard to hear of it", () => updates.find((j) => j.id === job.id && j.slicedGcode));
    expect(announced.slicedGcode?.sha256).toBe(receipt.sha256);
    makerWatch.close();

    // The maker (browser session) and the printer's owner read it; nobody else does.
    const byMaker = await fetch(`${hub.url}/api/jobs/${job.id}/sliced-gcode`, { headers: sessionHeaders(hub, maker.cookie) });
    expect(byMaker.status).toBe(200);
    expect(byMaker.headers.get("content-type")).toMatch(/^text\/x\.gcode/);
    expect(Buffer.from(await byMaker.arrayBuffer()).equals(gcode)).toBe(true);
    const byOwner = await send(hub, `/api/jobs/${job.id}/sliced-gcode`, {}, shop.token);
    expect(byOwner.status).toBe(200);
    expect(sha256(new Uint8Array(await byOwner.arrayBuffer()))).toBe(receipt.sha256);
    const etag = byOwner.headers.get("etag") ?? "";
    expect((await send(hub, `/api/jobs/${job.id}/sliced-gcode`, { headers: { "if-none-match": etag } }, shop.token)).status).toBe(304);
    expect((await send(hub, `/api/jobs/${job.id}/sliced-gcode`, {}, stranger.token)).status).toBe(403);
    expect((await fetch(`${hub.url}/api/jobs/${job.id}/sliced-gcode`)).status).toBe(401);

    // A resend (the bridge did not hear the answer) is answered the same, storing nothing more.
    const before = await stored();
    const again = await putGcode(job.id, gcode);
    expect(again.status).toBe(200);
    expect((await again.json()) as SlicedGcodeReceipt).toEqual({ ...receipt, created: false });
    // Other G-code cannot replace what was printed.
    const other = Buffer.concat([gcode, Buffer.from("M117 changed\n")]);
    const replaced = await putGcode(job.id, other);
    expect({ status: replaced.status, error: (await apiError(replaced)).error }).toEqual({ status: 409, error: "sliced-gcode-recorded" });
    expect(await stored()).toEqual(before);
    expect((await getJson<Job>(hub, `/api/jobs/${job.id}`, maker.token)).slicedGcode?.sha256).toBe(receipt.sha256);
  });
});
