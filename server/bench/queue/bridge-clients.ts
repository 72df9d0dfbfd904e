/**
 * bench:queue's bridge-client child: `count` printer-bridges (real socket.io clients on `/bridge`,
 * one printer each, `printer:status` every 2 s, staggered), and later jobs created over REST for
 * its own printers, each timed on this process's clock from just before `POST /api/jobs` to its
 * bridge's `job:dispatch` handler acking.
 */
import { BRIDGE_NAMESPACE, type BridgeToHubEvents, type HubToBridgeEvents } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";
import type { ClientCommand, ClientReport } from "./messages.ts";

export const TELEMETRY_MS = 2000;

type Bridge = Socket<HubToBridgeEvents, BridgeToHubEvents>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client process: `count` bridges; later creates jobs for its own printers and times them. */
export function runClients(): void {
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
