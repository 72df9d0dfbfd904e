/**
 * What the printers dashboard knows: printers, their live status, active jobs and recent
 * temperatures. Pure reducers over an immutable state; `live/dashboard-feed.ts` feeds them
 * from socket.io. A snapshot (`dashboard:sync`) replaces printers and active jobs wholesale, so
 * no live value from before a reconnect survives; live events older than what is shown are
 * ignored. Finished jobs are final, so the last one per printer is kept to show its outcome.
 */
import { isTerminal, type Job, type Printer, type PrinterStatus } from "@peerfab/protocol";
import { appendSample, sampleFromStatus, type TemperatureSample } from "./temperature-history.ts";

export type ConnectionState = "connecting" | "live" | "reconnecting";

export interface DashboardSnapshot {
  readonly printers: readonly Printer[];
  readonly jobs: readonly Job[];
}

export interface DashboardState {
  readonly connection: ConnectionState;
  /** True once a snapshot arrived on the current connection; until then values may be stale. */
  readonly synced: boolean;
  readonly printers: ReadonlyMap<string, Printer>;
  readonly jobs: ReadonlyMap<string, Job>;
  readonly temperatures: ReadonlyMap<string, readonly TemperatureSample[]>;
}

export function initialDashboard(): DashboardState {
  return { connection: "connecting", synced: false, printers: new Map(), jobs: new Map(), temperatures: new Map() };
}

/** Connected (not yet synced) or lost the connection: everything shown is stale until the next snapshot. */
export function withConnection(state: DashboardState, connection: ConnectionState): DashboardState {
  return { ...state, connection, synced: false };
}

export function withSnapshot(state: DashboardState, snapshot: DashboardSnapshot): DashboardState {
  const printers = new Map(snapshot.printers.map((p) => [p.id, p]));
  const jobs = new Map(snapshot.jobs.map((j) => [j.id, j]));
  for (const job of lastFinishedJobPerPrinter(state.jobs.values())) {
    if (!jobs.has(job.id) && job.printerId !== null && printers.has(job.printerId)) jobs.set(job.id, job);
  }
  const temperatures = new Map<string, readonly TemperatureSample[]>();
  for (const printer of snapshot.printers) {
    const kept = state.temperatures.get(printer.id) ?? [];
    const sample = sampleFromStatus(printer.status);
    temperatures.set(printer.id, sample ? appendSample(kept, sample) : kept);
  }
  return { connection: "live", synced: true, printers, jobs, temperatures };
}

export interface StatusResult {
  readonly state: DashboardState;
  /** The status names a printer the dashboard does not know: time to ask for a snapshot. */
  readonly unknownPrinter: boolean;
}

export function withStatus(state: DashboardState, status: PrinterStatus): StatusResult {
  const printer = state.printers.get(status.printerId);
  if (!printer) return { state, unknownPrinter: true };
  if (isOlder(status.at, printer.status.at)) return { state, unknownPrinter: false };
  const printers = new Map(state.printers);
  printers.set(printer.id, { ...printer, status });
  const temperatures = new Map(state.temperatures);
  const sample = sampleFromStatus(status);
  if (sample) temperatures.set(printer.id, appendSample(state.temperatures.get(printer.id) ?? [], sample));
  return { state: { ...state, printers, temperatures }, unknownPrinter: false };
}

export function withPrinter(state: DashboardState, printer: Printer): DashboardState {
  const known = state.printers.get(printer.id);
  const status = known && isOlder(printer.status.at, known.status.at) ? known.status : printer.status;
  const printers = new Map(state.printers);
  printers.set(printer.id, { ...printer, status });
  return { ...state, printers };
}

export function withJob(state: DashboardState, job: Job): DashboardState {
  const known = state.jobs.get(job.id);
  if (known && isOlder(job.updatedAt, known.updatedAt)) return state;
  const jobs = new Map(state.jobs);
  jobs.set(job.id, job);
  return { ...state, jobs };
}

function lastFinishedJobPerPrinter(jobs: Iterable<Job>): Job[] {
  const latest = new Map<string, Job>();
  for (const job of jobs) {
    if (!isTerminal(job.state) || job.printerId === null) continue;
    const kept = latest.get(job.printerId);
    if (!kept || Date.parse(job.updatedAt) > Date.parse(kept.updatedAt)) latest.set(job.printerId, job);
  }
  return [...latest.values()];
}

/** `a` is strictly older than `b`; unparseable times never count as older. */
function isOlder(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return !Number.isNaN(ta) && !Number.isNaN(tb) && ta < tb;
}
