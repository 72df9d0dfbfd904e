/**
 * `npm run bench:queue`: job dispatch under load, and the hub's memory per bridge connection.
 *
 * The hub runs alone in a child process (queue/hub-process.ts); 1,000 printer-bridges (real
 * socket.io clients on `/bridge`, one printer each, `printer:status` every 2 s) run in
 * BENCH_CLIENT_PROCESSES further child processes (queue/bridge-clients.ts), so the hub is measured
 * by itself and no client event loop sits between a dispatch and its ack. Each client process
 * creates jobs over REST for its own printers (together 50 a second, interleaved) and measures, on
 * its own clock, from just before `POST /api/jobs` to its bridge's `job:dispatch` handler acking:
 * p50 / p99 against the 50 ms target.
 *
 * Memory per connection (target 20 KB): the bridges connect in two halves; after each, once the
 * hub's anonymous RSS has stopped moving and after three forced GCs, the RSS growth from 500 to
 * 1,000 bridges ÷ 500 — the marginal cost of a connection. Beside it: the live JS part, the
 * young generation's size (with V8's defaults it grows with the telemetry's allocation rate up
 * to 32 MB, whatever the number of connections, and may still be growing between the readings:
 * then the figure includes it). The RSS without bridges is printed but not used: the idle hub
 * gives start-up memory back in steps of tens of MB at unforeseeable times. The design the jobs print is
 * uploaded only after the readings: ingesting it starts sharp's and the analysis worker's
 * threads, whose memory comes back in steps for ~40 s and once landed in the figure at random.
 *
 * The hub runs twice, back to back: with the node flags its start script gives it
 * (server/package.json `start`: `--max-semi-space-size=2`, the young generation capped at 4 MB)
 * and without that cap, so its effect on latency, GC work and memory is measured under the same
 * load. `BENCH_HUB_FLAGS="…"` runs once with those flags instead.
 * `BENCH_CPU_PROFILE=<dir>` starts the hub with `--cpu-prof`; `BENCH_HEAP_SNAPSHOT=<dir>` writes a
 * heap snapshot at each memory reading (it disturbs the RSS figures); `BENCH_ALLOCATION_PROFILE`
 * see queue/hub-process.ts. Always exits 0.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runClients, TELEMETRY_MS } from "./queue/bridge-clients.ts";
import { nodeFlagsOf, percentile, perConnectionKb } from "./queue/figures.ts";
import { runHub } from "./queue/hub-process.ts";
import { type ClientCommand, type ClientReport, type GcStats, type HubCommand, type HubMemory, type HubReport, nextMessage } from "./queue/messages.ts";

const BRIDGES = Number(process.env.BENCH_BRIDGES ?? 1000);
const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 4);
const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const JOBS_PER_SECOND = 50;
/** The first jobs warm the hub's code paths up (JIT, statement cache) and are not counted. */
const WARM_UP_JOBS = 100;
const TARGET_P99_MS = 50;
const TARGET_KB_PER_CONNECTION = 20;
const TELEMETRY_GC_SECONDS = 15;
/** The young-generation cap, measured beside the shipped flags when they do not have it. */
const CAPPED_YOUNG_GENERATION = "--max-semi-space-size=2";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const self = fileURLToPath(import.meta.url);

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
const mb = (kb: number) => (kb / 1024).toFixed(1);
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");

type Reading = HubMemory & { rssKb: number };

/** One hub run's figures. */
interface HubRun {
  label: string;
  connectSeconds: number;
  latencies: number[];
  measured: number;
  empty: Reading;
  before: Reading;
  after: Reading;
  bridgesBefore: number;
  /** Collections while only telemetry flowed. */
  telemetryGc: GcStats;
  /** Collections during the jobs. */
  gc: GcStats;
  loadAtRss: string;
  loadAfterJobs: string;
}

async function measureHub(label: string, nodeFlags: readonly string[]): Promise<HubRun> {
  const dataDir = mkdtempSync(join(tmpdir(), "peerfab-bench-queue-"));
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const execArgv = ["--expose-gc", "--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...nodeFlags];
  const hub = fork(self, ["--hub", dataDir], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const tell = (command: HubCommand) => hub.send(command);
  const clients: ChildProcess[] = [];
  try {
    const { url, token } = await nextMessage<Extract<HubReport, { kind: "listening" }>>(hub, (m) => m.kind === "listening");
    const pid = hub.pid as number;
    /**
     * RSS and live JS memory after three forced GCs a second apart, once the RSS has stopped
     * moving: the hub's other threads (the analysis worker, tsx's loader thread), which the forced
     * GC does not reach, hand memory back in steps for some 25 s after start and after work.
     */
    const settledMemory = async (): Promise<Reading> => {
      const readings = [rssAnonKb(pid)];
      const giveUp = performance.now() + 90_000;
      while (performance.now() < giveUp) {
        await sleep(2000);
        readings.push(rssAnonKb(pid));
        const recent = readings.slice(-6);
        if (recent.length === 6 && Math.max(...recent) - Math.min(...recent) < 1024) break;
      }
      let memory: HubMemory = { liveKb: NaN, heapTotalKb: NaN, youngKb: NaN };
      for (let i = 0; i < 3; i++) {
        const done = nextMessage<Extract<HubReport, { kind: "gc-done" }>>(hub, (m) => m.kind === "gc-done");
        tell({ kind: "gc" });
        memory = await done;
        await sleep(1000);
      }
      const reading = { ...memory, rssKb: rssAnonKb(pid) };
      if (process.env.BENCH_HEAP_SNAPSHOT) {
        const written = nextMessage<Extract<HubReport, { kind: "snapshot-written" }>>(hub, (m) => m.kind === "snapshot-written");
        tell({ kind: "heap-snapshot" });
        console.log(`  heap snapshot: ${(await written).path}`);
      }
      return reading;
    };

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
    const gcStats = async (): Promise<GcStats> => {
      const stats = nextMessage<Extract<HubReport, { kind: "gc-stats" }>>(hub, (m) => m.kind === "gc-stats");
      tell({ kind: "gc-stats" });
      return stats;
    };
    // GC work with telemetry alone (what a hub does most of the time), then during the jobs.
    await gcStats();
    await sleep(TELEMETRY_GC_SECONDS * 1000);
    const telemetryGc = await gcStats();

    // A design with ready G-code, so dispatch is the hub's work alone (no slicing). Uploaded only
    // now: ingesting it starts sharp's and the analysis worker's threads, whose memory comes back
    // in steps up to ~40 s later and would land in the connections' figure at random.
    const form = new FormData();
    form.set("file", new Blob([readFileSync(join(repo, "fixtures/stl/cube-binary.stl"))]), "cube.stl");
    form.set("gcode", new Blob([readFileSync(join(repo, "fixtures/print/cube-10mm.gcode"))]), "cube.gcode");
    const created = await fetch(`${url}/api/designs`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    if (created.status !== 201) throw new Error(`the bench design upload answered ${created.status}: ${await created.text()}`);
    const designId = ((await created.json()) as { id: string }).id;

    await gcStats();

    // Each client process takes every P-th slot of one 50/s schedule.
    const interval = 1000 / JOBS_PER_SECOND;
    const startAt = Date.now() + 500;
    const results = clients.map((client, p) => {
      const result = nextMessage<Extract<ClientReport, { kind: "latencies" }>>(client, (m) => m.kind === "latencies");
      client.send({ kind: "jobs", designId, jobs: Math.floor(JOBS / clients.length), warmUp: Math.floor(WARM_UP_JOBS / clients.length), intervalMs: interval * clients.length, offsetMs: interval * p, startAt } satisfies ClientCommand);
      return result;
    });
    const reports = await Promise.all(results);
    const gc = await gcStats();
    return {
      label,
      connectSeconds,
      latencies: reports.flatMap((r) => r.latencies).sort((a, b) => a - b),
      measured: reports.reduce((n, r) => n + r.created, 0),
      empty,
      before,
      after,
      bridgesBefore,
      telemetryGc,
      gc,
      loadAtRss,
      loadAfterJobs: load(),
    };
  } finally {
    for (const client of clients) if (client.connected) client.send({ kind: "stop" } satisfies ClientCommand);
    if (hub.connected) {
      const exited = new Promise((resolve) => hub.once("exit", resolve));
      tell({ kind: "stop" });
      await Promise.race([exited, sleep(10_000)]);
    }
    hub.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function gcLine(gc: GcStats): string {
  const pauses = (100 * (gc.scavengeMs + gc.majorMs)) / (gc.seconds * 1000);
  return `${gc.scavenges} scavenges in ${gc.seconds.toFixed(0)} s (${(gc.scavenges / gc.seconds).toFixed(1)}/s, ${gc.scavengeMs.toFixed(0)} ms), ${gc.majors} full GCs (${gc.majorMs.toFixed(0)} ms): ${pauses.toFixed(2)} % of the time in GC pauses`;
}

function report(run: HubRun): void {
  const { latencies, before, after, empty, bridgesBefore, gc } = run;
  const perConnection = (pick: (r: Reading) => number) => perConnectionKb(pick(before), pick(after), bridgesBefore, BRIDGES);
  const rss = perConnection((r) => r.rssKb);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.log(`hub ${run.label}:`);
  console.log(`  bridges connected and registered in ${run.connectSeconds.toFixed(1)} s; dispatched ${latencies.length} of ${run.measured} measured jobs (after ${WARM_UP_JOBS} warm-up jobs)`);
  console.log(`  create → bridge ack: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms — p99 is ${(p99 / TARGET_P99_MS).toFixed(2)}× the ${TARGET_P99_MS} ms target: ${verdict(p99 < TARGET_P99_MS)}`);
  console.log(
    `  memory per connection ${rss.toFixed(1)} KB — ${(rss / TARGET_KB_PER_CONNECTION).toFixed(2)}× the ${TARGET_KB_PER_CONNECTION} KB target: ${verdict(rss < TARGET_KB_PER_CONNECTION)} ` +
      `(anonymous RSS, settled, after forced GCs: ${mb(empty.rssKb)} MB without bridges, ${mb(before.rssKb)} MB with ${bridgesBefore} → ${mb(after.rssKb)} MB with ${BRIDGES}; growth ÷ ${BRIDGES - bridgesBefore})`,
  );
  console.log(
    `    of which live JS (heap used + external + array buffers) ${perConnection((r) => r.liveKb).toFixed(1)} KB; ` +
      `young generation ${mb(before.youngKb)} → ${mb(after.youngKb)} MB (${perConnection((r) => r.youngKb).toFixed(1)} KB per connection); V8 heap reserved ${mb(before.heapTotalKb)} → ${mb(after.heapTotalKb)} MB`,
  );
  console.log(`  GC with telemetry alone: ${gcLine(run.telemetryGc)}`);
  console.log(`  GC during the jobs: ${gcLine(gc)}`);
  console.log(`  load average (1/5/15 min): ${run.loadAtRss} at the memory reading, ${run.loadAfterJobs} after the jobs`);
}

async function main(): Promise<void> {
  const startScript = (JSON.parse(readFileSync(join(repo, "server/package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "";
  const shipped = nodeFlagsOf(startScript);
  const custom = process.env.BENCH_HUB_FLAGS?.split(" ").filter(Boolean);
  const compared = shipped.some((flag) => flag.startsWith("--max-semi-space-size")) ? [] : [...shipped, CAPPED_YOUNG_GENERATION];
  const runs: [string, string[]][] = custom
    ? [[`with ${custom.join(" ") || "no extra flags"} (BENCH_HUB_FLAGS)`, custom]]
    : [
        [`as shipped (${shipped.join(" ") || "no node flags"}, from server/package.json "start")`, shipped],
        [compared.length > 0 ? `with ${compared.join(" ")} instead` : "with V8's default young generation (no node flags) instead", compared],
      ];
  console.log(`bench:queue — ${BRIDGES} bridges in ${CLIENT_PROCESSES} client processes (one printer each, printer:status every ${TELEMETRY_MS / 1000} s), ${JOBS} jobs at ${JOBS_PER_SECOND}/s over REST`);
  for (const [label, flags] of runs) report(await measureHub(label, flags));
}

if (process.argv[2] === "--hub") await runHub(process.argv[3] ?? "");
else if (process.argv[2] === "--clients") runClients();
else await main();
