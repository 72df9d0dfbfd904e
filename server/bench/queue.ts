/**
 * `npm run bench:queue`: job dispatch under load. A hub runs in a child process; this process
 * connects 1,000 printer-bridges (real socket.io clients on `/bridge`, one printer each) that send
 * `printer:status` every 2 s, then creates jobs over REST at a steady rate, each for another
 * printer, and measures create → the bridge receiving (and acking) `job:dispatch`: p50 / p99
 * against the 50 ms target. The hub's RSS before and after the bridges connect, ÷ 1,000, is the
 * memory per connection (target 20 KB). Always exits 0.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BRIDGE_NAMESPACE, type BridgeToHubEvents, type HubToBridgeEvents } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";

const BRIDGES = Number(process.env.BENCH_BRIDGES ?? 1000);
const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const JOBS_PER_SECOND = 50;
/** The first jobs warm the hub's code paths up (JIT, statement cache) and are not counted. */
const WARM_UP_JOBS = 100;
const TELEMETRY_MS = 2000;
const TARGET_P99_MS = 50;
const TARGET_KB_PER_CONNECTION = 20;

type Bridge = Socket<HubToBridgeEvents, BridgeToHubEvents>;

function rssKb(pid: number): number {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(text)?.[1] ?? NaN);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function runHub(dataDir: string): Promise<void> {
  const { startHub } = await import("../src/index.ts");
  const hub = await startHub({ port: 0, dataDir, webDir: null, seedDir: null, analysisWorkers: 1, rateLimits: { uploadsPer10Minutes: 1000 } });
  process.stdout.write(`${JSON.stringify({ url: hub.url, token: hub.bridgeToken })}\n`);
  // "gc" on stdin: collect garbage (started with --expose-gc), so RSS readings compare live memory.
  process.stdin.on("data", () => {
    (globalThis as { gc?: () => void }).gc?.();
    process.stdout.write("gc\n");
  });
}

/** Asks the hub to collect garbage, lets it settle, and reads its RSS. */
async function settledRssKb(child: ReturnType<typeof spawn>, pid: number): Promise<number> {
  for (let i = 0; i < 2; i++) {
    await new Promise<void>((resolve) => {
      child.stdout?.once("data", () => resolve());
      child.stdin?.write("gc\n");
    });
    await sleep(500);
  }
  return rssKb(pid);
}

async function measure(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "peerfab-bench-queue-"));
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--hub", dataDir], { stdio: ["pipe", "pipe", "inherit"] });
  const bridges: Bridge[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      child.stdout.once("data", (line: Buffer) => resolve(JSON.parse(line.toString("utf8")) as { url: string; token: string }));
      child.once("exit", (code) => reject(new Error(`the hub exited (${code}) before it listened`)));
    });
    const pid = child.pid as number;
    const auth = { authorization: `Bearer ${token}` };

    // A design with ready G-code, so dispatch is the hub's work alone (no slicing).
    const repo = fileURLToPath(new URL("../../", import.meta.url));
    const form = new FormData();
    form.set("file", new Blob([readFileSync(join(repo, "fixtures/stl/cube-binary.stl"))]), "cube.stl");
    form.set("gcode", new Blob([readFileSync(join(repo, "fixtures/print/cube-10mm.gcode"))]), "cube.gcode");
    const created = await fetch(`${url}/api/designs`, { method: "POST", headers: auth, body: form });
    const designId = ((await created.json()) as { id: string }).id;

    await sleep(1500);
    const rssBefore = await settledRssKb(child, pid);

    const dispatchedAt = new Map<string, number>();
    const printerIds: string[] = [];
    const connectStart = performance.now();
    for (let start = 0; start < BRIDGES; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, BRIDGES - start) }, async (_, k) => {
          const i = start + k;
          const socket: Bridge = io(`${url}${BRIDGE_NAMESPACE}`, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
          bridges.push(socket);
          socket.on("job:dispatch", (dispatch, ack) => {
            dispatchedAt.set(dispatch.jobId, performance.now());
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
          printerIds[i] = printerId;
          const report = () =>
            socket.emit("printer:status", { printerId, state: "idle", temperatures: { tools: [{ actual: 21.3, target: 0 }], bed: { actual: 21.1, target: 0 } }, progress: null, message: null, at: new Date().toISOString() });
          // Staggered: the hub sees ~BRIDGES / 2 reports a second, evenly.
          timers.push(setTimeout(() => timers.push(setInterval(report, TELEMETRY_MS)), Math.random() * TELEMETRY_MS));
        }),
      );
    }
    const connectSeconds = (performance.now() - connectStart) / 1000;
    await sleep(3000);
    const rssAfter = await settledRssKb(child, pid);

    // Jobs at a steady rate, each for a printer that has no job yet (a finished print would need the bed cleared).
    const latencies: number[] = [];
    const createdAt = new Map<string, number>();
    const interval = 1000 / JOBS_PER_SECOND;
    const begin = performance.now();
    const pending: Promise<void>[] = [];
    for (let j = 0; j < JOBS; j++) {
      const due = begin + j * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const printerId = printerIds[j % printerIds.length] ?? "";
      pending.push(
        (async () => {
          const t0 = performance.now();
          const response = await fetch(`${url}/api/jobs`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ designId, printerId }) });
          if (response.status !== 201) throw new Error(`job create answered ${response.status}: ${await response.text()}`);
          const id = ((await response.json()) as { id: string }).id;
          if (j >= WARM_UP_JOBS) createdAt.set(id, t0);
        })(),
      );
    }
    await Promise.all(pending);
    const deadline = performance.now() + 15_000;
    while (dispatchedAt.size < createdAt.size && performance.now() < deadline) await sleep(50);
    for (const [jobId, t0] of createdAt) {
      const t1 = dispatchedAt.get(jobId);
      if (t1 !== undefined) latencies.push(t1 - t0);
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const perConnectionKb = (rssAfter - rssBefore) / BRIDGES;

    const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
    console.log(`bench:queue — ${BRIDGES} bridges (one printer each, printer:status every ${TELEMETRY_MS / 1000} s), ${JOBS} jobs at ${JOBS_PER_SECOND}/s over REST`);
    console.log(`  bridges connected and registered in ${connectSeconds.toFixed(1)} s`);
    console.log(`  dispatched ${latencies.length} of ${createdAt.size} measured jobs (after ${WARM_UP_JOBS} warm-up jobs)`);
    console.log(`  create → bridge ack: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms — p99 is ${(p99 / TARGET_P99_MS).toFixed(2)}× the ${TARGET_P99_MS} ms target: ${verdict(p99 < TARGET_P99_MS)}`);
    console.log(`  hub RSS ${(rssBefore / 1024).toFixed(1)} MB → ${(rssAfter / 1024).toFixed(1)} MB: ${perConnectionKb.toFixed(1)} KB per connection — ${(perConnectionKb / TARGET_KB_PER_CONNECTION).toFixed(2)}× the ${TARGET_KB_PER_CONNECTION} KB target: ${verdict(perConnectionKb < TARGET_KB_PER_CONNECTION)}`);
  } finally {
    for (const timer of timers) clearInterval(timer);
    for (const socket of bridges) socket.close();
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--hub") await runHub(process.argv[3] ?? "");
else await measure();
