/**
 * bench:queue's processes talk over node's IPC channel: the parent (queue.ts) commands the hub
 * child (hub-process.ts) and the bridge-client children (bridge-clients.ts). These are the
 * messages, and `nextMessage` to await one.
 */
import type { ChildProcess } from "node:child_process";

/** Parent → client process. */
export type ClientCommand =
  | { kind: "connect"; url: string; token: string; first: number; count: number }
  | { kind: "jobs"; designId: string; jobs: number; warmUp: number; intervalMs: number; offsetMs: number; startAt: number }
  | { kind: "stop" };

/** Client process → parent. */
export type ClientReport = { kind: "connected" } | { kind: "latencies"; latencies: number[]; created: number } | { kind: "error"; detail: string };

/** Parent → hub. */
export type HubCommand = { kind: "gc" } | { kind: "gc-stats" } | { kind: "heap-snapshot" } | { kind: "stop" };

/** The hub's memory right after a forced GC, in KB. */
export interface HubMemory {
  /** V8 heap used + external + array buffers: what the hub keeps. */
  liveKb: number;
  /** V8's whole reserved heap (`heapTotal`). */
  heapTotalKb: number;
  /** The young generation (new space and new large-object space) as committed in memory. */
  youngKb: number;
}

/** Garbage collections since the last `gc-stats` (forced ones included). */
export interface GcStats {
  scavenges: number;
  scavengeMs: number;
  majors: number;
  majorMs: number;
  seconds: number;
}

/** Hub → parent. */
export type HubReport =
  | { kind: "listening"; url: string; token: string }
  | ({ kind: "gc-done" } & HubMemory)
  | ({ kind: "gc-stats" } & GcStats)
  | { kind: "snapshot-written"; path: string };

/** The next message from `child` that `accept`s; rejects on an `error` message or when the child exits. */
export function nextMessage<T>(child: ChildProcess, accept: (m: T) => boolean = () => true): Promise<T> {
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
