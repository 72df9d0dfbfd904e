/**
 * The authorization matrix, against a real hub with real socket.io clients: every REST route and
 * socket event, tried as anonymous, as another user and as the owner, each row one line of a
 * table driven by one loop. The owner registered a printer through a bridge with their API token
 * and published a design; "other" is a second account with its own token and bridge.
 */
import { createHash } from "node:crypto";
import { type ApiTokenList, type BrowserToHubEvents, type CreatedApiToken, type DesignCreated, type HubToBrowserEvents, type Job, type JobEvent, type Me, type Printer, type PrinterStatus, sha256ContentDigest } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser, sessionHeaders, type TestUser } from "./account-helpers.ts";
import { capabilities, connectError, FakeBridge } from "./fake-bridge.ts";
import { printFixture, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

const WHO = ["anonymous", "other", "owner"] as const;
type Who = (typeof WHO)[number];
type ByWho<T> = Record<Who, T>;

type BrowserSocket = Socket<HubToBrowserEvents, BrowserToHubEvents>;

interface Fixture {
  hub: TestHub;
  users: { other: TestUser; owner: TestUser };
  tokens: { other: CreatedApiToken; owner: CreatedApiToken; spare: CreatedApiToken };
  bridge: FakeBridge;
  printerId: string;
  design: DesignCreated;
  stl: Buffer;
  gcode: Buffer;
}

/** One REST route: how to call it (per row, the job or token it acts on is made by `setup`). */
interface RestRow {
  route: string;
  /** Sign in by session cookie (as the web app) or by API token (default, as bridges and scripts). */
  via?: "session" | "token";
  setup?: (f: Fixture) => Promise<string>;
  request: (f: Fixture, subject: string) => { method: string; path: string; json?: unknown; form?: () => FormData; gcode?: Buffer };
  expect: ByWho<number>;
  /** What the answer must (not) show, beyond its status. */
  check?: (who: Who, body: unknown, f: Fixture, subject: string) => void;
}

function stlForm(f: Fixture, name: string, title?: string): () => FormData {
  return () => {
    const form = new FormData();
    if (title) form.set("title", title);
    form.set("file", new Blob([new Uint8Array(f.stl)]), name);
    return form;
  };
}

function headersFor(f: Fixture, who: Who, via: "session" | "token"): Record<string, string> {
  if (who === "anonymous") return { origin: f.hub.url };
  return via === "session" ? sessionHeaders(f.hub, f.users[who].cookie) : { authorization: `Bearer ${f.tokens[who].token}` };
}

/** A job on the owner's printer, dispatched to its bridge, brought to `state` by bridge reports. */
async function jobIn(f: Fixture, state: "accepted" | "printing" | "paused"): Promise<string> {
  const response = await fetch(`${f.hub.url}/api/jobs`, {
    method: "POST",
    headers: { ...headersFor(f, "owner", "token"), "content-type": "application/json" },
    body: JSON.stringify({ designId: f.design.id, printerId: f.printerId }),
  });
  expect(response.status).toBe(201);
  const job = (await response.json()) as Job;
  await until("the job to be dispatched", () => f.bridge.dispatches.find((d) => d.jobId === job.id));
  if (state !== "accepted") expect(await f.bridge.event(job.id, f.printerId, "started")).toEqual({ ok: true });
  if (state === "paused") expect(await f.bridge.event(job.id, f.printerId, "paused")).toEqual({ ok: true });
  return job.id;
}

/** Ends every unfinished job on the printer, so the next row's job is first in its queue. */
async function settleJobs(f: Fixture): Promise<void> {
  const list = (await (await fetch(`${f.hub.url}/api/jobs`, { headers: headersFor(f, "owner", "token") })).json()) as { jobs: Job[] };
  for (const job of list.jobs) {
    if (job.state === "printing") await f.bridge.event(job.id, f.printerId, "completed", job.linesTotal);
    else if (job.state === "paused") await f.bridge.event(job.id, f.printerId, "cancelled");
    else if (job.state === "accepted") await fetch(`${f.hub.url}/api/jobs/${job.id}/cancel`, { method: "POST", headers: headersFor(f, "owner", "token") });
  }
  // A print that ended left a part on the bed: the operator clears it before the next row's job.
  await fetch(`${f.hub.url}/api/printers/${f.printerId}/bed-clear`, { method: "POST", headers: headersFor(f, "owner", "token") });
}

/**
 * A mesh job on the owner's printer, which its bridge slices (issue #6): the bridge announces a
 * slicer first. With `uploaded`, the bridge has sent the hub the G-code it sliced.
 */
async function slicedJobIn(f: Fixture, uploaded: boolean): Promise<string> {
  const hello = await f.bridge.socket.emitWithAck("bridge:hello", {
    bridgeId: "owner-bridge",
    version: "0.1.0",
    printers: [{ localId: "vp1", name: "Virtual MK1", capabilities: { ...capabilities, slicer: { name: "PrusaSlicer", version: "2.5.0" } } }],
    jobs: [],
  });
  expect(hello.ok).toBe(true);
  const response = await fetch(`${f.hub.url}/api/jobs`, {
    method: "POST",
    headers: { ...headersFor(f, "owner", "token"), "content-type": "application/json" },
    body: JSON.stringify({ designId: f.design.id, printerId: f.printerId, fileId: "cube.stl" }),
  });
  expect(response.status).toBe(201);
  const job = (await response.json()) as Job;
  if (uploaded) {
    const sent = await fetch(`${f.hub.url}/api/jobs/${job.id}/sliced-gcode`, { method: "PUT", headers: { ...headersFor(f, "owner", "token"), ...gcodeHeaders(f.gcode) }, body: new Uint8Array(f.gcode) });
    expect(sent.status).toBe(201);
  }
  return job.id;
}

/** Headers of a G-code body: its type and its sha256 (`Content-Digest`). */
function gcodeHeaders(gcode: Buffer): Record<string, string> {
  return { "content-type": "text/x.gcode", "content-digest": sha256ContentDigest(createHash("sha256").update(gcode).digest("hex")) };
}

const jobRow = (route: string, action: string, state: "accepted" | "printing" | "paused", ownerStatus: number): RestRow => ({
  route,
  setup: (f) => jobIn(f, state),
  request: (_f, job) => ({ method: "POST", path: `/api/jobs/${job}/${action}` }),
  expect: { anonymous: 401, other: 403, owner: ownerStatus },
});

const REST: RestRow[] = [
  { route: "GET /api/health", request: () => ({ method: "GET", path: "/api/health" }), expect: { anonymous: 200, other: 200, owner: 200 } },
  {
    route: "GET /api/auth/me",
    request: () => ({ method: "GET", path: "/api/auth/me" }),
    expect: { anonymous: 200, other: 200, owner: 200 },
    check: (who, body, f) => expect((body as Me).user?.id ?? null).toBe(who === "anonymous" ? null : f.users[who].id),
  },
  { route: "GET /api/designs", request: () => ({ method: "GET", path: "/api/designs" }), expect: { anonymous: 200, other: 200, owner: 200 } },
  { route: "GET /api/designs/:id", request: (f) => ({ method: "GET", path: `/api/designs/${f.design.id}` }), expect: { anonymous: 200, other: 200, owner: 200 } },
  { route: "GET /api/designs/:id/files/:file", request: (f) => ({ method: "GET", path: `/api/designs/${f.design.id}/files/cube.stl` }), expect: { anonymous: 200, other: 200, owner: 200 } },
  { route: "GET /api/designs/:id/thumbnail", request: (f) => ({ method: "GET", path: `/api/designs/${f.design.id}/thumbnail` }), expect: { anonymous: 200, other: 200, owner: 200 } },
  { route: "GET /api/designs/:id/download.zip", request: (f) => ({ method: "GET", path: `/api/designs/${f.design.id}/download.zip` }), expect: { anonymous: 200, other: 200, owner: 200 } },
  { route: "POST /api/designs", request: (f) => ({ method: "POST", path: "/api/designs", form: stlForm(f, "upload.stl") }), expect: { anonymous: 401, other: 201, owner: 201 } },
  {
    route: "PATCH /api/designs/:id",
    request: (f) => ({ method: "PATCH", path: `/api/designs/${f.design.id}`, json: { title: "Renamed by its author" } }),
    expect: { anonymous: 401, other: 403, owner: 200 },
  },
  {
    route: "POST /api/designs/:id/files",
    request: (f) => ({ method: "POST", path: `/api/designs/${f.design.id}/files`, form: stlForm(f, "extra.stl") }),
    expect: { anonymous: 401, other: 403, owner: 201 },
  },
  {
    route: "POST /api/designs/:id/remix",
    request: (f) => ({ method: "POST", path: `/api/designs/${f.design.id}/remix`, form: stlForm(f, "remix.stl", "A remix") }),
    expect: { anonymous: 401, other: 201, owner: 201 },
  },
  {
    route: "GET /api/printers",
    request: () => ({ method: "GET", path: "/api/printers" }),
    expect: { anonymous: 401, other: 200, owner: 200 },
    check: (who, body, f) => expect((body as Printer[]).map((p) => p.id)).toEqual(who === "owner" ? [f.printerId] : []),
  },
  { route: "GET /api/printers/:id", request: (f) => ({ method: "GET", path: `/api/printers/${f.printerId}` }), expect: { anonymous: 401, other: 403, owner: 200 } },
  {
    route: "POST /api/jobs",
    request: (f) => ({ method: "POST", path: "/api/jobs", json: { designId: f.design.id, printerId: f.printerId } }),
    expect: { anonymous: 401, other: 403, owner: 201 },
    check: (who, body) => {
      if (who === "other") expect((body as { detail: string }).detail).toMatch(/that printer is not yours; send it to a shop instead/);
    },
  },
  {
    route: "GET /api/jobs",
    setup: (f) => jobIn(f, "accepted"),
    request: () => ({ method: "GET", path: "/api/jobs" }),
    expect: { anonymous: 401, other: 200, owner: 200 },
    check: (who, body, _f, job) => expect((body as { jobs: Job[] }).jobs.some((j) => j.id === job)).toBe(who === "owner"),
  },
  { route: "GET /api/jobs/:id", setup: (f) => jobIn(f, "accepted"), request: (_f, job) => ({ method: "GET", path: `/api/jobs/${job}` }), expect: { anonymous: 401, other: 403, owner: 200 } },
  jobRow("POST /api/jobs/:id/cancel (before printing)", "cancel", "accepted", 200),
  jobRow("POST /api/jobs/:id/cancel (printing)", "cancel", "printing", 202),
  jobRow("POST /api/jobs/:id/pause", "pause", "printing", 202),
  jobRow("POST /api/jobs/:id/resume", "resume", "paused", 202),
  jobRow("POST /api/jobs/:id/emergency-stop", "emergency-stop", "printing", 202),
  {
    route: "GET /api/jobs/:id/gcode (bridge download)",
    setup: (f) => jobIn(f, "accepted"),
    request: (_f, job) => ({ method: "GET", path: `/api/jobs/${job}/gcode` }),
    expect: { anonymous: 401, other: 403, owner: 200 },
  },
  // Issue #6: G-code the printer's bridge sliced for a job: its bridge sends it, the job's parties read it.
  {
    route: "PUT /api/jobs/:id/sliced-gcode (only the bridge token of the job's printer)",
    setup: (f) => slicedJobIn(f, false),
    request: (f, job) => ({ method: "PUT", path: `/api/jobs/${job}/sliced-gcode`, gcode: f.gcode }),
    expect: { anonymous: 401, other: 403, owner: 201 },
  },
  {
    route: "GET /api/jobs/:id/sliced-gcode",
    setup: (f) => slicedJobIn(f, true),
    request: (_f, job) => ({ method: "GET", path: `/api/jobs/${job}/sliced-gcode` }),
    expect: { anonymous: 401, other: 403, owner: 200 },
  },
  // Marketplace (issue #5). The owner's jobs here are own-printer jobs: no shop, no quotes.
  {
    route: "PUT /api/shops/me",
    request: () => ({ method: "PUT", path: "/api/shops/me", json: { displayName: "Matrix Prints", city: "Munich", latitude: 48.1374, longitude: 11.5755, materials: ["PLA"], colours: [], pricing: { perHour: 1, perGram: 0.1, minimumOrder: 3 }, turnaroundDays: 2 } }),
    expect: { anonymous: 401, other: 200, owner: 200 },
  },
  { route: "GET /api/shops", request: () => ({ method: "GET", path: "/api/shops?near=48.1,11.5&km=100" }), expect: { anonymous: 200, other: 200, owner: 200 } },
  { route: "GET /api/jobs/board", request: () => ({ method: "GET", path: "/api/jobs/board" }), expect: { anonymous: 401, other: 200, owner: 200 } },
  { route: "GET /api/jobs/:id/quotes", setup: (f) => jobIn(f, "accepted"), request: (_f, job) => ({ method: "GET", path: `/api/jobs/${job}/quotes` }), expect: { anonymous: 401, other: 403, owner: 200 } },
  {
    route: "POST /api/jobs/:id/quotes/:quoteId/accept (only the maker)",
    setup: (f) => jobIn(f, "accepted"),
    request: (_f, job) => ({ method: "POST", path: `/api/jobs/${job}/quotes/quo_none/accept` }),
    expect: { anonymous: 401, other: 403, owner: 404 },
  },
  {
    route: "POST /api/jobs/:id/review (only the maker; an own-printer job has no shop)",
    setup: (f) => jobIn(f, "accepted"),
    request: (_f, job) => ({ method: "POST", path: `/api/jobs/${job}/review`, json: { stars: 5, text: "" } }),
    expect: { anonymous: 401, other: 403, owner: 409 },
  },
  {
    route: "POST /api/printers/:id/bed-clear (only the printer's operator)",
    request: (f) => ({ method: "POST", path: `/api/printers/${f.printerId}/bed-clear` }),
    expect: { anonymous: 401, other: 403, owner: 200 },
  },
  {
    route: "GET /api/tokens",
    via: "session",
    request: () => ({ method: "GET", path: "/api/tokens" }),
    expect: { anonymous: 401, other: 200, owner: 200 },
    check: (who, body, f) => expect((body as ApiTokenList).tokens.some((t) => t.id === f.tokens.owner.id)).toBe(who === "owner"),
  },
  { route: "POST /api/tokens", via: "session", request: () => ({ method: "POST", path: "/api/tokens", json: { label: "matrix" } }), expect: { anonymous: 401, other: 201, owner: 201 } },
  {
    route: "DELETE /api/tokens/:id",
    via: "session",
    request: (f) => ({ method: "DELETE", path: `/api/tokens/${f.tokens.spare.id}` }),
    expect: { anonymous: 401, other: 404, owner: 200 },
  },
];

/** What each kind of caller observes for one socket event. */
interface SocketRow {
  event: string;
  observe: (f: Fixture, sockets: ByWho<BrowserSocket>, seen: ByWho<Seen>) => Promise<ByWho<unknown>>;
  expect: ByWho<unknown>;
}

interface Seen {
  statuses: PrinterStatus[];
  printers: Printer[];
  jobs: Job[];
  designs: string[];
}

/** After `ready` holds, one round trip on every socket: anything sent to it before has arrived. */
async function flushAll(sockets: ByWho<BrowserSocket>, what: string, ready: () => boolean): Promise<void> {
  await until(what, () => (ready() ? true : undefined));
  await Promise.all(WHO.map((w) => sockets[w].emitWithAck("dashboard:sync")));
}

const SOCKETS: SocketRow[] = [
  {
    event: "dashboard:sync",
    observe: async (f, sockets) => {
      const snapshot = async (who: Who) => {
        const { printers, jobs } = await sockets[who].emitWithAck("dashboard:sync");
        return { printers: printers.map((p) => p.id), jobs: jobs.filter((j) => j.printerId === f.printerId).length > 0 };
      };
      await jobIn(f, "accepted");
      const result = { anonymous: await snapshot("anonymous"), other: await snapshot("other"), owner: await snapshot("owner") };
      await settleJobs(f);
      return result;
    },
    expect: { anonymous: { printers: [], jobs: false }, other: { printers: [], jobs: false }, owner: { printers: ["<printer>"], jobs: true } },
  },
  {
    event: "printer:status (telemetry)",
    observe: async (f, sockets, seen) => {
      f.bridge.status(f.printerId, "idle", "status-probe");
      await flushAll(sockets, "the owner to see the status", () => seen.owner.statuses.some((s) => s.message === "status-probe"));
      return byWho((w) => seen[w].statuses.some((s) => s.message === "status-probe"));
    },
    expect: { anonymous: false, other: false, owner: true },
  },
  {
    event: "printer:updated (presence)",
    observe: async (f, sockets, seen) => {
      const before = byWho((w) => seen[w].printers.length);
      expect((await f.bridge.hello()).ok).toBe(true);
      await flushAll(sockets, "the owner to see the printer again", () => seen.owner.printers.length > before.owner);
      return byWho((w) => seen[w].printers.length > before[w]);
    },
    expect: { anonymous: false, other: false, owner: true },
  },
  {
    event: "job:updated",
    observe: async (f, sockets, seen) => {
      const job = await jobIn(f, "printing");
      await settleJobs(f);
      await flushAll(sockets, "the owner to see the job end", () => seen.owner.jobs.some((j) => j.id === job && j.state === "completed"));
      return byWho((w) => seen[w].jobs.some((j) => j.id === job));
    },
    expect: { anonymous: false, other: false, owner: true },
  },
  {
    event: "design:created",
    observe: async (f, sockets, seen) => {
      const response = await upload(f.hub, { file: { bytes: f.stl, name: "public.stl" } }, f.tokens.owner.token);
      const created = (await response.json()) as DesignCreated;
      await flushAll(sockets, "everyone to see the design", () => WHO.every((w) => seen[w].designs.includes(created.id)));
      return byWho((w) => seen[w].designs.includes(created.id));
    },
    expect: { anonymous: true, other: true, owner: true },
  },
];

/** The /bridge namespace, by API token: anonymous has none, "other" has its own. */
interface BridgeRow {
  event: string;
  observe: (f: Fixture, bridges: { other: FakeBridge; owner: FakeBridge }, seen: ByWho<Seen>, sockets: ByWho<BrowserSocket>) => Promise<ByWho<unknown>>;
  expect: ByWho<unknown>;
}

const BRIDGES: BridgeRow[] = [
  {
    event: "connect",
    observe: async (f) => ({
      anonymous: (await connectError(f.hub.url, {})).message.includes("no API token"),
      other: true,
      owner: true,
    }),
    expect: { anonymous: true, other: true, owner: true },
  },
  {
    event: "bridge:hello claiming the owner's printer",
    observe: async (_f, bridges) => {
      const other = await bridges.other.hello();
      const owner = await bridges.owner.hello();
      return { anonymous: null, other: other.ok ? "ok" : other.error, owner: owner.ok ? "ok" : owner.error };
    },
    expect: { anonymous: null, other: "printer-owned-by-another-user", owner: "ok" },
  },
  {
    event: "printer:status for the owner's printer",
    observe: async (f, bridges, seen, sockets) => {
      bridges.other.status(f.printerId, "error", "forged by another user");
      // A round trip on the other bridge: the hub has handled the forged report before going on.
      await bridges.other.socket.emitWithAck("job:event", {} as JobEvent);
      bridges.owner.status(f.printerId, "idle", "genuine");
      await flushAll(sockets, "the genuine status", () => seen.owner.statuses.some((s) => s.message === "genuine"));
      const printer = (await (await fetch(`${f.hub.url}/api/printers/${f.printerId}`, { headers: headersFor(f, "owner", "token") })).json()) as Printer;
      return {
        anonymous: null,
        other: WHO.some((w) => seen[w].statuses.some((s) => s.message === "forged by another user")) || printer.status.message === "forged by another user",
        owner: printer.status.message === "genuine",
      };
    },
    expect: { anonymous: null, other: false, owner: true },
  },
  {
    event: "job:dispatch and job:event for the owner's printer",
    observe: async (f, bridges) => {
      const job = await jobIn(f, "accepted");
      const otherEvent = await bridges.other.event(job, f.printerId, "started");
      const ownerEvent = await bridges.owner.event(job, f.printerId, "started");
      const dispatched = { other: bridges.other.dispatches.some((d) => d.jobId === job), owner: bridges.owner.dispatches.some((d) => d.jobId === job) };
      await settleJobs(f);
      return {
        anonymous: null,
        other: { dispatched: dispatched.other, event: otherEvent.ok ? "ok" : otherEvent.error },
        owner: { dispatched: dispatched.owner, event: ownerEvent.ok ? "ok" : ownerEvent.error },
      };
    },
    expect: { anonymous: null, other: { dispatched: false, event: "unknown-printer" }, owner: { dispatched: true, event: "ok" } },
  },
];

function byWho<T>(value: (who: Who) => T): ByWho<T> {
  return { anonymous: value("anonymous"), other: value("other"), owner: value("owner") };
}

describe("authorization matrix: anonymous × another user × the owner", () => {
  const f = {} as Fixture;
  const sockets = {} as ByWho<BrowserSocket>;
  const seen = byWho((): Seen => ({ statuses: [], printers: [], jobs: [], designs: [] }));
  let otherBridge: FakeBridge;

  beforeAll(async () => {
    f.hub = await startTestHub();
    f.stl = await stlFixture("cube-binary.stl");
    f.gcode = await printFixture("cube-10mm.gcode");
    f.users = { owner: await registerUser(f.hub, "owner@example.org", "Owner"), other: await registerUser(f.hub, "other@example.org", "Other") };
    f.tokens = {
      owner: await createToken(f.hub, f.users.owner, "owner bridge"),
      other: await createToken(f.hub, f.users.other, "other bridge"),
      spare: await createToken(f.hub, f.users.owner, "spare"),
    };
    f.bridge = new FakeBridge(f.hub.url, f.tokens.owner.token, "owner-bridge");
    await f.bridge.connected();
    const hello = await f.bridge.hello();
    if (!hello.ok) throw new Error(hello.detail);
    f.printerId = hello.printers[0]?.printerId ?? "";
    f.bridge.status(f.printerId, "idle");
    const response = await upload(f.hub, { file: { bytes: f.stl, name: "cube.stl" }, gcode: { bytes: f.gcode, name: "cube.gcode" }, fields: { title: "Owner's cube" } }, f.tokens.owner.token);
    expect(response.status).toBe(201);
    f.design = (await response.json()) as DesignCreated;

    for (const who of WHO) {
      const extraHeaders: Record<string, string> = who === "anonymous" ? {} : { cookie: f.users[who].cookie };
      const socket: BrowserSocket = io(f.hub.url, { transports: ["websocket"], extraHeaders, forceNew: true });
      socket.on("printer:status", (s) => seen[who].statuses.push(s));
      socket.on("printer:updated", (p) => seen[who].printers.push(p));
      socket.on("job:updated", (j) => seen[who].jobs.push(j));
      socket.on("design:created", (d) => seen[who].designs.push(d.id));
      await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("connect_error", reject));
      sockets[who] = socket;
    }
    // The same bridge identity as the owner's, with another user's token.
    otherBridge = new FakeBridge(f.hub.url, f.tokens.other.token, "owner-bridge");
    await otherBridge.connected();
  });

  afterAll(async () => {
    for (const who of WHO) sockets[who]?.close();
    f.bridge?.close();
    otherBridge?.close();
    await f.hub?.dispose();
  });

  describe("REST", () => {
    for (const row of REST) {
      it(`${row.route}: ${WHO.map((w) => `${w} ${row.expect[w]}`).join(", ")}`, async () => {
        const subject = row.setup ? await row.setup(f) : "";
        const statuses = {} as ByWho<number>;
        // The owner goes last: their call may change what the others were refused.
        for (const who of WHO) {
          const call = row.request(f, subject);
          const headers: Record<string, string> = {
            ...headersFor(f, who, row.via ?? "token"),
            ...(call.json === undefined ? {} : { "content-type": "application/json" }),
            ...(call.gcode ? gcodeHeaders(call.gcode) : {}),
          };
          const body = call.form ? call.form() : call.gcode ? new Uint8Array(call.gcode) : call.json === undefined ? undefined : JSON.stringify(call.json);
          const response = await fetch(`${f.hub.url}${call.path}`, { method: call.method, headers, ...(body === undefined ? {} : { body }) });
          statuses[who] = response.status;
          const type = response.headers.get("content-type") ?? "";
          const parsed: unknown = type.includes("json") ? await response.json() : await response.arrayBuffer();
          if (row.check && (response.ok || who === "other")) row.check(who, parsed, f, subject);
        }
        expect(statuses).toEqual(row.expect);
        await settleJobs(f);
      });
    }

    it("a revoked token stops working at once", async () => {
      const spare = await fetch(`${f.hub.url}/api/printers`, { headers: { authorization: `Bearer ${f.tokens.spare.token}` } });
      expect(spare.status).toBe(401);
    });

    it("the owner's emergency stop reached the bridge", () => {
      expect(f.bridge.controls.some((c) => c.action === "emergency-stop")).toBe(true);
    });
  });

  describe("socket.io, browsers (default namespace)", () => {
    for (const row of SOCKETS) {
      it(row.event, async () => {
        const expected = JSON.parse(JSON.stringify(row.expect).replaceAll("<printer>", f.printerId)) as ByWho<unknown>;
        expect(await row.observe(f, sockets, seen)).toEqual(expected);
      });
    }
  });

  describe("socket.io, bridges (/bridge)", () => {
    for (const row of BRIDGES) {
      it(row.event, async () => {
        expect(await row.observe(f, { other: otherBridge, owner: f.bridge }, seen, sockets)).toEqual(row.expect);
      });
    }
  });
});
