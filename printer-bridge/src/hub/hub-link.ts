/**
 * The bridge's socket.io link to the hub (`/bridge` namespace). On every connect it says hello
 * (printers, capabilities, what each is doing) until acknowledged; it takes job dispatches and
 * controls, and answers marketplace quote requests (quote-requests.ts); G-code it sliced goes to the
 * hub over HTTP beside the print (sliced-gcode-upload.ts); it delivers job events at least once (persisted, resent until acknowledged, across
 * reconnects) and telemetry every 2 s per printer and on change. A print never depends on it.
 */
import { randomUUID } from "node:crypto";
import {
  type Ack,
  BRIDGE_NAMESPACE,
  type BridgeHello,
  type BridgeHelloResult,
  type BridgeToHubEvents,
  type HubToBridgeEvents,
  type JobControl,
  type JobDispatch,
  JobControlSchema,
  JobDispatchSchema,
  type PrinterStatusReport,
  describeZodError,
} from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";
import { type Logger, silentLogger } from "../log.ts";
import { type AttachedPrinter, PrinterBusyError, type PrinterJobEvent } from "../printer/attached-printer.ts";
import type { BridgeStateFile, PendingJobEvent } from "./bridge-state-file.ts";
import { downloadGcode, GcodeDownloadError } from "./gcode-download.ts";
import { QuoteRequests } from "./quote-requests.ts";
import { QuotedGcode } from "./quoted-gcode.ts";
import { SlicedGcodeUploads } from "./sliced-gcode-upload.ts";
import { SlicedJobs } from "./sliced-jobs.ts";

export const BRIDGE_VERSION = "0.1.0";

export interface HubLinkOptions {
  hubUrl: string;
  token: string;
  printers: AttachedPrinter[];
  stateFile: BridgeStateFile;
  logger?: Logger;
  /** Telemetry interval. Default 2000 ms. */
  statusIntervalMs?: number;
  /** How long to wait for an ack before sending again. Default 5000 ms. */
  ackTimeoutMs?: number;
}

type BridgeSocket = Socket<HubToBridgeEvents, BridgeToHubEvents>;

function fail(error: string, detail: string): Ack {
  return { ok: false, error, detail };
}

export class HubLink {
  private readonly socket: BridgeSocket;
  private readonly logger: Logger;
  private readonly printerIds = new Map<string, string>();
  private readonly downloads = new Map<string, Promise<Ack>>();
  private readonly lastStatusAt = new Map<string, number>();
  private readonly statusTimer: ReturnType<typeof setInterval>;
  private eventTimer: ReturnType<typeof setInterval> | null = null;
  private readonly sending = new Set<string>();
  private helloDone = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly announced = new Map<string, string>();
  private closed = false;
  /** Jobs sent as a model, sliced here before printing. */
  private readonly slicedJobs: SlicedJobs;
  /** Marketplace quotes sliced here, and the G-code kept for the jobs they quoted. */
  private readonly quoteRequests: QuoteRequests;
  private readonly quotedGcode = new QuotedGcode();
  /** G-code sliced here, sent to the hub for the job's toolpath preview (never holding up the print). */
  private readonly slicedUploads: SlicedGcodeUploads;

  constructor(private readonly options: HubLinkOptions) {
    this.logger = options.logger ?? silentLogger;
    this.slicedUploads = new SlicedGcodeUploads({ hubUrl: options.hubUrl, token: options.token, logger: this.logger });
    this.slicedJobs = new SlicedJobs({
      hubUrl: options.hubUrl,
      token: options.token,
      logger: this.logger,
      onFailed: (printer, jobId, message) => void this.jobEvent(printer, { jobId, type: "failed", linesDone: 0, message }),
      quotedGcode: this.quotedGcode,
      onPrinting: (jobId, gcode) => this.slicedUploads.send(jobId, gcode),
    });
    this.quoteRequests = new QuoteRequests({
      hubUrl: options.hubUrl,
      token: options.token,
      logger: this.logger,
      findPrinter: (printerId) => this.findPrinter(printerId),
      quotedGcode: this.quotedGcode,
    });
    this.socket = io(`${options.hubUrl.replace(/\/$/, "")}${BRIDGE_NAMESPACE}`, {
      auth: { token: options.token },
      transports: ["websocket"],
      reconnectionDelayMax: 5_000,
    });
    this.socket.on("connect", () => void this.hello());
    this.socket.on("disconnect", (reason) => {
      this.helloDone = false;
      this.logger.warn({ reason }, "hub connection lost; printing continues, reconnecting");
      // After a server-side disconnect socket.io does not reconnect by itself.
      if (reason === "io server disconnect" && !this.closed)
        this.reconnectTimer = setTimeout(() => this.socket.connect(), this.options.ackTimeoutMs ?? 2_000);
    });
    this.socket.on("connect_error", (error) => this.logger.warn({ error: error.message }, "cannot reach the hub; retrying"));
    this.socket.on("job:dispatch", (job, ack) => void this.dispatch(job).then(ack));
    this.socket.on("job:control", (control, ack) => ack(this.control(control)));
    this.socket.on("job:quote-request", (request, ack) => void this.quoteRequests.answer(request).then(ack));
    for (const printer of options.printers) {
      printer.on("change", (important) => this.statusChanged(printer, important));
      printer.on("jobEvent", (event) => void this.jobEvent(printer, event));
    }
    this.statusTimer = setInterval(() => {
      for (const printer of options.printers) this.sendStatus(printer);
    }, options.statusIntervalMs ?? 2_000);
  }

  /** Hub-wide id of a printer, once the hub acknowledged hello. */
  printerId(localId: string): string | undefined {
    return this.printerIds.get(localId);
  }

  get connected(): boolean {
    return this.socket.connected && this.helloDone;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.slicedJobs.close();
    await this.quoteRequests.close();
    await this.quotedGcode.close();
    await this.slicedUploads.close();
    clearInterval(this.statusTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.eventTimer) clearInterval(this.eventTimer);
    this.socket.close();
  }

  // --- hello -------------------------------------------------------------------------------

  private helloPayload(): BridgeHello {
    const { state } = this.options.stateFile;
    return {
      bridgeId: state.bridgeId,
      version: BRIDGE_VERSION,
      printers: this.options.printers.map((p) => ({ localId: p.localId, name: p.config.name, capabilities: p.capabilities() })),
      jobs: state.jobs,
    };
  }

  private async hello(): Promise<void> {
    while (this.socket.connected && !this.closed) {
      try {
        const ack = await new Promise<Ack<BridgeHelloResult>>((resolve, reject) => {
          this.socket.timeout(this.options.ackTimeoutMs ?? 5_000).emit("bridge:hello", this.helloPayload(), (error, answer) => {
            if (error) return reject(error);
            // Here, not after the await: the hub sends a queued job right behind this ack, and
            // socket.io may hand it to us before an awaiting continuation runs.
            if (answer.ok) for (const { localId, printerId } of answer.printers) this.printerIds.set(localId, printerId);
            resolve(answer);
          });
        });
        if (!ack.ok) {
          this.logger.error({ error: ack.error, detail: ack.detail }, "the hub refused this bridge");
          await new Promise((r) => setTimeout(r, 5_000));
          continue;
        }
        for (const printer of this.options.printers) this.announced.set(printer.localId, JSON.stringify(printer.capabilities()));
        this.helloDone = true;
        this.logger.info({ printers: ack.printers }, "registered with the hub");
        for (const printer of this.options.printers) this.sendStatus(printer);
        this.flushEvents();
        this.eventTimer ??= setInterval(() => this.flushEvents(), this.options.ackTimeoutMs ?? 5_000);
        return;
      } catch {
        this.logger.warn({}, "no answer to bridge:hello; sending it again");
      }
    }
  }

  // --- dispatch and control ----------------------------------------------------------------

  private findPrinter(printerId: string): AttachedPrinter | undefined {
    for (const printer of this.options.printers) if (this.printerIds.get(printer.localId) === printerId) return printer;
    return undefined;
  }

  private dispatch(raw: JobDispatch): Promise<Ack> {
    const parsed = JobDispatchSchema.safeParse(raw);
    if (!parsed.success) return Promise.resolve(fail("invalid-dispatch", describeZodError(parsed.error)));
    const job = parsed.data;
    const printer = this.findPrinter(job.printerId);
    if (!printer) return Promise.resolve(fail("unknown-printer", `This bridge has no printer ${job.printerId}.`));
    if (printer.knowsJob(job.jobId) || this.slicedJobs.knows(job.jobId)) return Promise.resolve({ ok: true });
    const pending = this.downloads.get(job.jobId);
    if (pending) return pending;
    const started = this.download(printer, job).finally(() => this.downloads.delete(job.jobId));
    this.downloads.set(job.jobId, started);
    return started;
  }

  private async download(printer: AttachedPrinter, job: JobDispatch): Promise<Ack> {
    if (job.gcodePath === undefined || job.gcodeSha256 === undefined) return this.slicedJobs.start(printer, job);
    try {
      printer.assertReady();
      const gcode = await downloadGcode(this.options.hubUrl, job.gcodePath, this.options.token, job.gcodeSha256);
      printer.assertReady();
      this.logger.info({ jobId: job.jobId, printer: printer.localId, file: job.fileName }, "starting job");
      void printer.print(job.jobId, gcode, { fromOwner: job.fromOwner ?? false });
      return { ok: true };
    } catch (error) {
      if (error instanceof PrinterBusyError || error instanceof GcodeDownloadError) return fail(error.code, error.message);
      return fail("dispatch-failed", (error as Error).message);
    }
  }

  private control(raw: JobControl): Ack {
    const parsed = JobControlSchema.safeParse(raw);
    if (!parsed.success) return fail("invalid-control", describeZodError(parsed.error));
    const control = parsed.data;
    const printer = this.findPrinter(control.printerId);
    if (!printer) return fail("unknown-printer", `This bridge has no printer ${control.printerId}.`);
    if ((control.action === "cancel" || control.action === "emergency-stop") && this.slicedJobs.cancel(control.jobId)) return { ok: true };
    if (printer.job?.jobId !== control.jobId)
      return fail("job-not-running", `Job ${control.jobId} is not running on ${printer.config.name}.`);
    printer.control(control.action);
    return { ok: true };
  }

  // --- job events --------------------------------------------------------------------------

  private async jobEvent(printer: AttachedPrinter, event: PrinterJobEvent): Promise<void> {
    const { state } = this.options.stateFile;
    const pending: PendingJobEvent = {
      eventId: randomUUID(),
      jobId: event.jobId,
      printerLocalId: printer.localId,
      type: event.type,
      linesDone: event.linesDone,
      message: event.message,
      at: new Date().toISOString(),
    };
    state.pendingEvents.push(pending);
    const jobState = { started: "printing", resumed: "printing", paused: "paused" } as const;
    const report = {
      jobId: event.jobId,
      printerLocalId: printer.localId,
      state: event.type in jobState ? jobState[event.type as keyof typeof jobState] : (event.type as "completed" | "failed" | "cancelled"),
      linesDone: event.linesDone,
      message: event.message,
    };
    state.jobs = [...state.jobs.filter((j) => j.printerLocalId !== printer.localId), report];
    await this.options.stateFile.save();
    this.flushEvents();
  }

  private flushEvents(): void {
    if (!this.connected) return;
    for (const event of this.options.stateFile.state.pendingEvents) {
      const printerId = this.printerIds.get(event.printerLocalId);
      if (!printerId || this.sending.has(event.eventId)) continue;
      this.sending.add(event.eventId);
      const { printerLocalId: _local, ...rest } = event;
      this.socket
        .timeout(this.options.ackTimeoutMs ?? 5_000)
        .emitWithAck("job:event", { ...rest, printerId })
        .then(async (ack) => {
          if (!ack.ok) this.logger.warn({ eventId: event.eventId, error: ack.error, detail: ack.detail }, "hub rejected a job event");
          const { state } = this.options.stateFile;
          state.pendingEvents = state.pendingEvents.filter((e) => e.eventId !== event.eventId);
          await this.options.stateFile.save();
        })
        .catch(() => this.logger.debug({ eventId: event.eventId }, "job event not acknowledged yet"))
        .finally(() => this.sending.delete(event.eventId));
    }
  }

  // --- telemetry ---------------------------------------------------------------------------

  private statusChanged(printer: AttachedPrinter, important: boolean): void {
    // A printer that (re)connected may report other firmware and capabilities: say hello again.
    if (important && this.helloDone && this.announced.get(printer.localId) !== JSON.stringify(printer.capabilities())) {
      this.helloDone = false;
      void this.hello();
    }
    const last = this.lastStatusAt.get(printer.localId) ?? 0;
    if (important || Date.now() - last >= 500) this.sendStatus(printer);
  }

  private sendStatus(printer: AttachedPrinter): void {
    const printerId = this.printerIds.get(printer.localId);
    if (!printerId || !this.connected) return;
    this.lastStatusAt.set(printer.localId, Date.now());
    const status: PrinterStatusReport = {
      printerId,
      state: printer.state,
      temperatures: printer.temperatures,
      progress: printer.progress(),
      message: printer.message,
      at: new Date().toISOString(),
      slicing: printer.slicing,
    };
    this.socket.emit("printer:status", status);
  }
}
