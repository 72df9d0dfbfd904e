/**
 * Feeds the dashboard state from the hub's socket: asks for a `dashboard:sync` snapshot on
 * every connect and reconnect, applies live events on top, and validates every payload
 * against the protocol's schemas (a malformed event is dropped and logged, never shown).
 */
import { JobSchema, PrinterSchema, PrinterStatusSchema } from "@peerfab/protocol";
import { z } from "zod";
import {
  initialDashboard,
  withConnection,
  withJob,
  withPrinter,
  withSnapshot,
  withStatus,
  type DashboardState,
} from "../dashboard/dashboard-state.ts";
import { hubSocket, type HubSocket } from "./hub-socket.ts";
import { validateEvent } from "./validate-event.ts";

const SnapshotSchema = z.object({ printers: z.array(PrinterSchema), jobs: z.array(JobSchema) });
const SYNC_TIMEOUT_MS = 10_000;
const SYNC_RETRY_MS = 3_000;

export type DashboardListener = (state: DashboardState) => void;

export class DashboardFeed {
  private state: DashboardState = initialDashboard();
  private readonly listeners = new Set<DashboardListener>();
  private syncInFlight = false;
  private resyncWanted = false;

  constructor(private readonly socket: HubSocket) {
    socket.on("connect", () => {
      this.update(withConnection(this.state, "connecting"));
      this.requestSync();
    });
    socket.on("disconnect", () => this.update(withConnection(this.state, "reconnecting")));
    socket.on("printer:status", (payload) => {
      const status = validateEvent(PrinterStatusSchema, payload, "printer:status");
      if (!status || !this.state.synced) return;
      const result = withStatus(this.state, status);
      this.update(result.state);
      if (result.unknownPrinter) this.requestSync();
    });
    socket.on("printer:updated", (payload) => {
      const printer = validateEvent(PrinterSchema, payload, "printer:updated");
      if (printer && this.state.synced) this.update(withPrinter(this.state, printer));
    });
    socket.on("job:updated", (payload) => {
      const job = validateEvent(JobSchema, payload, "job:updated");
      if (job && this.state.synced) this.update(withJob(this.state, job));
    });
    if (socket.connected) this.requestSync();
  }

  current(): DashboardState {
    return this.state;
  }

  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: DashboardListener): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /** Asks the hub for a fresh snapshot; coalesces requests made while one is in flight. */
  requestSync(): void {
    if (this.syncInFlight) {
      this.resyncWanted = true;
      return;
    }
    if (!this.socket.connected) return;
    this.syncInFlight = true;
    this.socket.timeout(SYNC_TIMEOUT_MS).emit("dashboard:sync", (error, payload) => {
      this.syncInFlight = false;
      const snapshot = error ? null : validateEvent(SnapshotSchema, payload, "dashboard:sync");
      if (snapshot) this.update(withSnapshot(this.state, snapshot));
      if (!snapshot) setTimeout(() => this.requestSync(), SYNC_RETRY_MS);
      else if (this.resyncWanted) {
        this.resyncWanted = false;
        this.requestSync();
      }
    });
  }

  private update(state: DashboardState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

let feed: DashboardFeed | null = null;

/** The session's dashboard feed, started on first use. */
export function dashboardFeed(): DashboardFeed {
  feed ??= new DashboardFeed(hubSocket());
  return feed;
}
