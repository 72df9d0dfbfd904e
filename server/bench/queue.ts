/**
 * `npm run bench:queue`: job dispatch under load. The hub runs alone in a child process; 1,000
 * printer-bridges (real socket.io clients on `/bridge`, one printer each, `printer:status` every
 * 2 s) run in BENCH_CLIENT_PROCESSES further child processes, so the hub is measured by itself and
 * no client event loop sits between a dispatch and its ack. Each client process creates jobs over
 * REST for its own printers (together 50 a second, interleaved) and measures, on its own clock,
 * from just before `POST /api/jobs` to its bridge's `job:dispatch` handler acking: p50 / p99
 * against the 50 ms target. Memory per connection (target 20 KB): the hub's RSS after forced GCs
 * grows by this much per bridge from 500 bridges connected to 1,000. Always exits 0.
 *
 * `BENCH_CPU_PROFILE=<dir>` starts the hub with `--cpu-prof` into that directory; `BENCH_HUB_FLAGS`
 * adds node flags to the hub (e.g. `--max-semi-space-size=2`).
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BRIDGE_NAMESPACE, type BridgeToHubEvents, type HubToBridgeEvents } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";

const BRIDGES = Number(process.env.BENCH_BRIDGES ?? 1000);
const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 4);
const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const JOBS_PER_SECOND = 50;
/** The first jobs warm the hub's code paths up (JIT, statement cache) and are not counted. */
const WARM_UP_JOBS = 100;
const TELEMETRY_MS = 2000;
const TARGET_P99_MS = 50;
const TARGET_KB_PER_CONNECTION = 20;

type Bridge = Socket<HubToBridgeEvents, BridgeToHubEvents>;

/** Parent → client process. */
type ClientCommand =
  | { kind: "connect"; url: string; token: string; first: number; count: number }
  | { kind: "jobs"; designId: string; jobs: number; warmUp: number; intervalMs: number; offsetMs: number; startAt: number }
  | { kind: "stop" };
/** Client process → parent. */
type ClientReport = { kind: "connected" } | { kind: "latencies"; latencies: number[]; created: number } | { kind: "error"; detail: string };
/** Hub → parent. */
/** Hub → parent; `liveKb` is V8 heap used + external + array buffers after the GC (less noisy than RSS). */
type HubReport = { kind: "listening"; url: string; token: string } | { kind: "gc-done"; liveKb: number; heapTotalKb: number };

/**
 * The process's anonymous resident memory (heap, stacks, buffers): RSS without the file-backed
 * pages of the node binary and libraries, which the kernel evicts and reloads as other processes
 * need memory, so they drift by tens of MB while the machine is shared.
 */
function rssAnonKb(pid: number): number {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^RssAnon:\s+(\d+) kB/m.exec(text)?.[1] ?? NaN);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function nextMessage<T>(child: ChildProcess, accept: (m: T) => boolean = () => true): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      const m = message as T & { kind?: string; detail?: string };
      if (m.kind === "error") return done(() => reject(new Error(m.detail)));
      if (accept(m)) done(() => resolve(m));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`a bench child exited (${code})`)));
    const done = (settle: () => void) => {
      child.off("message", onMessage);
      child.off("exit", onExit);
      settle();
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function runHub(dataDir: string): Promise<void> {
  const { startHub } = await import("../src/index.ts");
  const hub = await startHub({ port: 0, dataDir, webDir: null, seedDir: null, analysisWorkers: 1, rateLimits: { uploadsPer10Minutes: 1000 } });
  process.send?.({ kind: "listening", url: hub.url, token: hub.bridgeToken } satisfies HubReport);
  // "gc": collect garbage (started with --expose-gc), so RSS readings compare live memory.
  process.on("message", (message: { kind: string }) => {
    if (message.kind === "gc") {
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      process.send?.({ kind: "gc-done", liveKb: (memory.heapUsed + memory.external + memory.arrayBuffers) / 1024, heapTotalKb: memory.heapTotal / 1024 } satisfies HubReport);
    } else if (message.kind === "stop") {
      // Exiting normally writes the --cpu-prof profile.
      void hub.close().then(() => process.exit(0));
    }
  });
}

/** A client process: `count` bridges; later creates jobs for its own printers and times them. */
function runClients(): void {
  const bridges: Bridge[] = [];
  const timers: NodeJS.Timeout[] = [];
  const printerIds: string[] = [];
  const ackedAt = new Map<string, number>();
  let url = "";
  let token = "";

  async function connect(first: number, count: number): Promise<void> {
    for (let start = 0; start < count; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - start) }, async (_, k) => {
          const i = first + start + k;
          const socket: Bridge = io(`${url}${BRIDGE_NAMESPACE}`, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
          bridges.push(socket);
          socket.on("job:dispatch", (dispatch, ack) => {
            ackedAt.set(dispatch.jobId, performance.now());
            ack({ ok: true });
          });
          await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("connect_error", reject));
          const hello = await socket.emitWithAck("bridge:hello", {
            bridgeId: `bench-bridge-${i}`,
            version: "bench",
            printers: [{ localId: "p", name: `Bench ${i}`, capabilities: { buildVolume: { x: 220, y: 220, z: 250 }, nozzleDiameter: 0.4, firmware: "Marlin", firmwareCaps: {}, materials: ["PLA"], acceptsRemoteJobs: false, virtual: true } }],
            jobs: [],
          });
          if (!hello.ok) throw new Error(hello.detail);
          const printerId = hello.printers[0]?.printerId ?? "";
          printerIds.push(printerId);
          const report = () =>
            socket.emit("printer:status", { printerId, state: "idle", temperatures: { tools: [{ actual: 21.3, target: 0 }], bed: { actual: 21.1, target: 0 } }, progress: null, message: null, at: new Date().toISOString() });
          // Staggered: the hub sees ~BRIDGES / 2 reports a second, evenly.
          timers.push(setTimeout(() => timers.push(setInterval(report, TELEMETRY_MS)), Math.random() * TELEMETRY_MS));
        }),
      );
    }
  }

  /** Jobs at a steady rate, each for a printer of ours that has no job yet (a finished print would need the bed cleared). */
  async function createJobs(command: Extract<ClientCommand, { kind: "jobs" }>): Promise<{ latencies: number[]; created: number }> {
    const auth = { authorization: `Bearer ${token}` };
    const createdAt = new Map<string, number>();
    // performance.now() is per process; the parent's start time comes as wall-clock ms.
    const begin = performance.now() + (command.startAt - Date.now()) + command.offsetMs;
    const pending: Promise<void>[] = [];
    for (let j = 0; j < command.jobs; j++) {
      const wait = begin + j * command.intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      const printerId = printerIds[j % printerIds.length] ?? "";
      pending.push(
        (async () => {
          const t0 = performance.now();
          const response = await fetch(`${url}/api/jobs`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ designId: command.designId, printerId }) });
          if (response.status !== 201) throw new Error(`job create answered ${response.status}: ${await response.text()}`);
          const id = ((await response.json()) as { id: string }).id;
          if (j >= command.warmUp) createdAt.set(id, t0);
        })(),
      );
    }
    await Promise.all(pending);
    const deadline = performance.now() + 15_000;
    while ([...createdAt.keys()].some((id) => !ackedAt.has(id)) && performance.now() < deadline) await sleep(50);
    const latencies: number[] = [];
    for (const [jobId, t0] of createdAt) {
      const t1 = ackedAt.get(jobId);
      if (t1 !== undefined) latencies.push(t1 - t0);
    }
    return { latencies, created: createdAt.size };
  }

  process.on("message", (command: ClientCommand) => {
    const fail = (error: unknown) => process.send?.({ kind: "error", detail: error instanceof Error ? error.message : String(error) } satisfies ClientReport);
    if (command.kind === "connect") {
      url = command.url;
      token = command.token;
      connect(command.first, command.count).then(() => process.send?.({ kind: "connected" } satisfies ClientReport), fail);
    } else if (command.kind === "jobs") {
      createJobs(command).then((result) => process.send?.({ kind: "latencies", ...result } satisfies ClientReport), fail);
    } else {
      for (const timer of timers) clearInterval(timer);
      for (const socket of bridges) socket.close();
      process.exit(0);
    }
  });
}

async function measure(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "peerfab-bench-queue-"));
  const self = fileURLToPath(import.meta.url);
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const hubFlags = ["--expose-gc", "--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...(process.env.BENCH_HUB_FLAGS?.split(" ").filter(Boolean) ?? [])];
  const hub = fork(self, ["--hub", dataDir], { execArgv: hubFlags, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const clients: ChildProcess[] = [];
  try {
    const { url, token } = await nextMessage<Extract<HubReport, { kind: "listening" }>>(hub, (m) => m.kind === "listening");
    const pid = hub.pid as number;
    /**
     * RSS and live JS memory after three forced GCs a second apart, once the RSS has stopped
     * moving: the hub's other threads (the analysis worker, tsx's loader thread), which the forced
     * GC does not reach, hand memory back in steps for some 25 s after start and after work.
     */
    const settledMemory = async (): Promise<{ rssKb: number; liveKb: number; heapTotalKb: number }> => {
      const readings = [rssAnonKb(pid)];
      const giveUp = performance.now() + 90_000;
      while (performance.now() < giveUp) {
        await sleep(2000);
        readings.push(rssAnonKb(pid));
        const recent = readings.slice(-6);
        if (recent.length === 6 && Math.max(...recent) - Math.min(...recent) < 1024) break;
      }
      let liveKb = NaN;
      let heapTotalKb = NaN;
      for (let i = 0; i < 3; i++) {
        const done = nextMessage<Extract<HubReport, { kind: "gc-done" }>>(hub, (m) => m.kind === "gc-done");
        hub.send({ kind: "gc" });
        ({ liveKb, heapTotalKb } = await done);
        await sleep(1000);
      }
      return { rssKb: rssAnonKb(pid), liveKb, heapTotalKb };
    };

    // A design with ready G-code, so dispatch is the hub's work alone (no slicing).
    const repo = fileURLToPath(new URL("../../", import.meta.url));
    const form = new FormData();
    form.set("file", new Blob([readFileSync(join(repo, "fixtures/stl/cube-binary.stl"))]), "cube.stl");
    form.set("gcode", new Blob([readFileSync(join(repo, "fixtures/print/cube-10mm.gcode"))]), "cube.gcode");
    const created = await fetch(`${url}/api/designs`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    const designId = ((await created.json()) as { id: string }).id;

    await sleep(3000);
    const empty = await settledMemory();

    // Bridges connect in two halves; memory per connection is the growth from the first half to
    // all of them, so the hub's start-up memory being returned to the system meanwhile (tens of
    // MB, in either direction) does not count as connections.
    const connectStart = performance.now();
    const share = Math.ceil(BRIDGES / CLIENT_PROCESSES);
    const ranges: { first: number; count: number }[] = [];
    for (let p = 0; p < CLIENT_PROCESSES && p * share < BRIDGES; p++) {
      ranges.push({ first: p * share, count: Math.min(share, BRIDGES - p * share) });
      clients.push(fork(self, ["--clients"], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
    }
    const connectHalf = (half: 0 | 1) =>
      Promise.all(
        clients.map((client, p) => {
          const { first, count } = ranges[p] ?? { first: 0, count: 0 };
          const firstHalf = Math.floor(count / 2);
          const done = nextMessage<ClientReport>(client, (m) => m.kind === "connected");
          client.send({ kind: "connect", url, token, first: half === 0 ? first : first + firstHalf, count: half === 0 ? firstHalf : count - firstHalf } satisfies ClientCommand);
          return done;
        }),
      );
    await connectHalf(0);
    await sleep(3000);
    const before = await settledMemory();
    const bridgesBefore = ranges.reduce((n, r) => n + Math.floor(r.count / 2), 0);
    await connectHalf(1);
    const connectSeconds = (performance.now() - connectStart) / 1000;
    await sleep(3000);
    const after = await settledMemory();
    const loadAtRss = load();

    // Each client process takes every P-th slot of one 50/s schedule.
    const interval = 1000 / JOBS_PER_SECOND;
    const startAt = Date.now() + 500;
    const results = clients.map((client, p) => {
      const result = nextMessage<Extract<ClientReport, { kind: "latencies" }>>(client, (m) => m.kind === "latencies");
      client.send({ kind: "jobs", designId, jobs: Math.floor(JOBS / clients.length), warmUp: Math.floor(WARM_UP_JOBS / clients.length), intervalMs: interval * clients.length, offsetMs: interval * p, startAt } satisfies ClientCommand);
      return result;
    });
    const reports = await Promise.all(results);
    const loadAfterJobs = load();
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const measured = reports.reduce((n, r) => n + r.created, 0);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const perConnectionKb = (after.rssKb - before.rssKb) / (BRIDGES - bridgesBefore);
    const livePerConnectionKb = (after.liveKb - before.liveKb) / (BRIDGES - bridgesBefore);
    const heapPerConnectionKb = (after.heapTotalKb - before.heapTotalKb) / (BRIDGES - bridgesBefore);

    const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
    console.log(`bench:queue — ${BRIDGES} bridges in ${clients.length} client processes (one printer each, printer:status every ${TELEMETRY_MS / 1000} s), ${JOBS} jobs at ${JOBS_PER_SECOND}/s over REST`);
    console.log(`  bridges connected and registered in ${connectSeconds.toFixed(1)} s`);
    console.log(`  dispatched ${latencies.length} of ${measured} measured jobs (after ${WARM_UP_JOBS} warm-up jobs)`);
    console.log(`  create → bridge ack: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms — p99 is ${(p99 / TARGET_P99_MS).toFixed(2)}× the ${TARGET_P99_MS} ms target: ${verdict(p99 < TARGET_P99_MS)}`);
    console.log(`  hub anonymous RSS ${(empty.rssKb / 1024).toFixed(1)} MB without bridges, ${(before.rssKb / 1024).toFixed(1)} MB with ${bridgesBefore} → ${(after.rssKb / 1024).toFixed(1)} MB with ${BRIDGES}: ${perConnectionKb.toFixed(1)} KB per connection — ${(perConnectionKb / TARGET_KB_PER_CONNECTION).toFixed(2)}× the ${TARGET_KB_PER_CONNECTION} KB target: ${verdict(perConnectionKb < TARGET_KB_PER_CONNECTION)}`);
    console.log(`  hub live JS memory (heap used + external + array buffers) ${(empty.liveKb / 1024).toFixed(1)} MB, ${(before.liveKb / 1024).toFixed(1)} MB → ${(after.liveKb / 1024).toFixed(1)} MB: ${livePerConnectionKb.toFixed(1)} KB per connection; V8 heap reserved ${(before.heapTotalKb / 1024).toFixed(1)} MB → ${(after.heapTotalKb / 1024).toFixed(1)} MB: ${heapPerConnectionKb.toFixed(1)} KB per connection`);
    console.log(`  load average (1/5/15 min): ${loadAtRss} at the RSS reading, ${loadAfterJobs} after the jobs`);
  } finally {
    for (const client of clients) if (client.connected) client.send({ kind: "stop" } satisfies ClientCommand);
    if (hub.connected) {
      const exited = new Promise((resolve) => hub.once("exit", resolve));
      hub.send({ kind: "stop" });
      await Promise.race([exited, sleep(10_000)]);
    }
    hub.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--hub") await runHub(process.argv[3] ?? "");
else if (process.argv[2] === "--clients") runClients();
else await measure();
