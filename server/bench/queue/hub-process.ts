/**
 * bench:queue's hub child: a real hub (one analysis worker, no web app) that answers the parent's
 * `gc` (a forced full GC, then its memory), `gc-stats` (the collections V8 ran since the last
 * ask: how often the young generation was scavenged and what it cost), `heap-snapshot` (into
 * BENCH_HEAP_SNAPSHOT) and `stop`. Started with --expose-gc.
 *
 * BENCH_ALLOCATION_PROFILE=<dir>: V8's sampling heap profiler, counting objects that were
 * collected too, runs between the 1st and 2nd `gc-stats` (telemetry alone), then the 3rd and 4th
 * (the jobs), written to <dir>/allocations-1.heapprofile and -2 — where the allocations that drive
 * the young generation come from (open them in Chrome DevTools).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";
import type { GcStats, HubCommand, HubMemory, HubReport } from "./messages.ts";

const send = (report: HubReport) => process.send?.(report);

function memory(): HubMemory {
  const usage = process.memoryUsage();
  const young = getHeapSpaceStatistics()
    .filter((space) => space.space_name === "new_space" || space.space_name === "new_large_object_space")
    .reduce((sum, space) => sum + space.physical_space_size, 0);
  return { liveKb: (usage.heapUsed + usage.external + usage.arrayBuffers) / 1024, heapTotalKb: usage.heapTotal / 1024, youngKb: young / 1024 };
}

/** Counts collections as V8 reports them (`gc` performance entries). */
function gcCounter(): () => GcStats {
  let stats: GcStats = { scavenges: 0, scavengeMs: 0, majors: 0, majorMs: 0, seconds: 0 };
  let since = performance.now();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry.detail as { kind?: number } | undefined)?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        stats.scavenges++;
        stats.scavengeMs += entry.duration;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        stats.majors++;
        stats.majorMs += entry.duration;
      }
    }
  }).observe({ entryTypes: ["gc"] });
  return () => {
    const taken = { ...stats, seconds: (performance.now() - since) / 1000 };
    stats = { scavenges: 0, scavengeMs: 0, majors: 0, majorMs: 0, seconds: 0 };
    since = performance.now();
    return taken;
  };
}

/** Starts sampling on the first call, writes the profile into `dir` on the second, and so on. */
function allocationProfiler(dir: string | undefined): () => Promise<void> {
  if (!dir) return () => Promise.resolve();
  const session = new Session();
  session.connect();
  let sampling = false;
  let written = 0;
  return async () => {
    if (sampling) {
      const { profile } = await session.post("HeapProfiler.stopSampling");
      writeFileSync(join(dir, `allocations-${++written}.heapprofile`), JSON.stringify(profile));
    } else {
      // The two include… options exist in V8 but not yet in node's inspector typings.
      const params = { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
      await session.post("HeapProfiler.startSampling", params as { samplingInterval: number });
    }
    sampling = !sampling;
  };
}

export async function runHub(dataDir: string): Promise<void> {
  const { startHub } = await import("../../src/index.ts");
  const hub = await startHub({ port: 0, dataDir, webDir: null, seedDir: null, analysisWorkers: 1, rateLimits: { uploadsPer10Minutes: 1000 } });
  const gcStats = gcCounter();
  const toggleAllocationProfile = allocationProfiler(process.env.BENCH_ALLOCATION_PROFILE);
  send({ kind: "listening", url: hub.url, token: hub.bridgeToken });
  process.on("message", (command: HubCommand) => {
    if (command.kind === "gc") {
      (globalThis as { gc?: () => void }).gc?.();
      send({ kind: "gc-done", ...memory() });
    } else if (command.kind === "gc-stats") {
      // Performance entries arrive asynchronously: let the last collections' entries land first.
      setTimeout(() => {
        send({ kind: "gc-stats", ...gcStats() });
        void toggleAllocationProfile();
      }, 100);
    } else if (command.kind === "heap-snapshot") {
      send({ kind: "snapshot-written", path: writeHeapSnapshot(join(process.env.BENCH_HEAP_SNAPSHOT ?? ".", `hub-${Date.now()}.heapsnapshot`)) });
    } else {
      // Exiting normally writes the --cpu-prof profile.
      void hub.close().then(() => process.exit(0));
    }
  });
}
