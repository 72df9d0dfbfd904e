/**
 * A printer wired to this bridge: keeps its serial connection up (reconnecting after it is
 * lost, trying 250000 then 115200 baud unless configured), runs one job at a time and reports
 * status and job events. What the hub link and the CLI talk to.
 */
import type { JobProgress, PrinterCapabilities, PrinterFirmwareFlavour, PrinterState, SlicingStatus, Temperatures } from "@peerfab/protocol";
import type { FirmwareFlavour } from "../marlin/firmware-flavour.ts";
import type { PrinterConfig } from "../config.ts";
import { type Logger, silentLogger } from "../log.ts";
import { printGuarded } from "../safety/guarded-print.ts";
import { jobLines } from "../safety/job-lines.ts";
import { firstViolation, type JobOrigin, SafetyCheck } from "../safety/safety-check.ts";
import { resolveSafetyPolicy, type SafetyPolicy } from "../safety/safety-policy.ts";
import type { Slicer } from "../slicer/slicer.ts";
import { openSerialLine, type SerialBinding } from "../serial/serial-port.ts";
import { virtualBinding } from "../virtual/virtual-binding.ts";
import { VirtualMarlin } from "../virtual/virtual-marlin.ts";
import { type JobOutcome, PrinterConnection } from "./printer-connection.ts";
import { TypedEvents } from "./typed-events.ts";

export const DEFAULT_BAUD_RATES = [250000, 115200];

export type JobEventType = "started" | "paused" | "resumed" | "completed" | "failed" | "cancelled";

export interface PrinterJobEvent {
  jobId: string;
  type: JobEventType;
  linesDone: number;
  message: string | null;
}

export interface AttachedPrinterEvents {
  [event: string]: (...args: never[]) => void;
  /** State, temperatures or progress changed. `important` for state changes. */
  change: (important: boolean) => void;
  jobEvent: (event: PrinterJobEvent) => void;
}

export class PrinterBusyError extends Error {
  constructor(
    readonly code: "printer-busy" | "printer-offline",
    message: string,
  ) {
    super(message);
  }
}

interface RunningJob {
  jobId: string;
  linesTotal: number;
  linesDone: number;
  startedAt: Date;
  paused: boolean;
}

export class AttachedPrinter extends TypedEvents<AttachedPrinterEvents> {
  private connection: PrinterConnection | null = null;
  private running: RunningJob | null = null;
  private readonly finished = new Set<string>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private offlineMessage: string | null = "connecting";
  private connectingState: PrinterState = "connecting";
  /** The connection dropped during a job: the board may still be heating when it comes back. */
  private heatersOffOnReconnect = false;
  /** The in-process virtual printer, when `port` is "virtual". */
  virtualPrinter: VirtualMarlin | null = null;
  /** What jobs may do on this printer (printers.json `safety` over the defaults). */
  readonly safetyPolicy: SafetyPolicy;
  /** The job whose model is being sliced for this printer; it holds the printer for that job. */
  private slicingStatus: SlicingStatus | null = null;

  constructor(
    readonly config: PrinterConfig,
    private readonly logger: Logger = silentLogger,
    private readonly binding?: SerialBinding,
    /** The bridge's slicer; used when the printer has a `slicerProfile`. */
    readonly slicer: Slicer | null = null,
  ) {
    super();
    this.safetyPolicy = resolveSafetyPolicy(config.buildVolume, config.safety);
  }

  get localId(): string {
    return this.config.localId;
  }

  get isVirtual(): boolean {
    return this.config.port === "virtual";
  }

  /** Connects; resolves after the first attempt (connected or not — it keeps retrying). */
  async start(): Promise<void> {
    await this.connect();
  }

  capabilities(): PrinterCapabilities {
    return {
      buildVolume: this.config.buildVolume,
      nozzleDiameter: this.config.nozzleDiameter,
      firmware: this.connection?.firmwareName ?? "",
      firmwareCaps: { ...(this.connection?.firmwareCaps ?? {}) },
      firmwareFlavour: reportedFlavour(this.connection?.firmware?.flavour),
      materials: this.config.materials,
      acceptsRemoteJobs: this.config.acceptsRemoteJobs,
      virtual: this.isVirtual,
      slicer: this.slicer && this.config.slicerProfile ? { ...this.slicer.info } : null,
    };
  }

  get slicing(): SlicingStatus | null {
    return this.slicingStatus;
  }

  /** Sets (or clears, with null) the slicing a job's model for this printer. */
  reportSlicing(status: SlicingStatus | null): void {
    const important = (status === null) !== (this.slicingStatus === null);
    this.slicingStatus = status;
    this.emit("change", important);
  }

  get state(): PrinterState {
    return this.connection?.state ?? this.connectingState;
  }

  get message(): string | null {
    return this.connection ? this.connection.statusMessage : this.offlineMessage;
  }

  get temperatures(): Temperatures | null {
    return this.connection?.temperatures ?? null;
  }

  get job(): RunningJob | null {
    return this.running;
  }

  progress(): JobProgress | null {
    const job = this.running;
    if (!job) return null;
    const elapsed = (Date.now() - job.startedAt.getTime()) / 1000;
    const fraction = job.linesTotal === 0 ? 1 : Math.min(1, job.linesDone / job.linesTotal);
    return {
      jobId: job.jobId,
      linesDone: job.linesDone,
      linesTotal: job.linesTotal,
      fraction,
      startedAt: job.startedAt.toISOString(),
      etaSeconds: fraction > 0.01 ? Math.max(0, (elapsed / fraction) * (1 - fraction)) : null,
    };
  }

  /** True if this printer runs or already ran the job. */
  knowsJob(jobId: string): boolean {
    return this.running?.jobId === jobId || this.slicingStatus?.jobId === jobId || this.finished.has(jobId);
  }

  /** Throws PrinterBusyError unless a new job can start now. */
  assertReady(): void {
    if (this.running) throw new PrinterBusyError("printer-busy", `${this.config.name} is printing job ${this.running.jobId}; wait for it to finish.`);
    if (this.slicingStatus)
      throw new PrinterBusyError("printer-busy", `${this.config.name} is preparing job ${this.slicingStatus.jobId} (slicing); wait for it to finish.`);
    if (!this.connection || this.state !== "idle")
      throw new PrinterBusyError(
        "printer-offline",
        `${this.config.name} is ${this.state}${this.message ? ` (${this.message})` : ""}; it cannot take a job now.`,
      );
  }

  /**
   * Checks `gcode` against the printer's safety policy, then streams it; resolves with the outcome
   * when the job ends. A job the policy refuses fails at once, before anything is sent; each line
   * is checked again on its way out. `origin.fromOwner`: the job is the printer owner's own (the
   * default is the safe one: another maker's).
   */
  print(jobId: string, gcode: string, origin: JobOrigin = { fromOwner: false }): Promise<JobOutcome> {
    this.assertReady();
    const connection = this.connection;
    if (!connection) throw new PrinterBusyError("printer-offline", `${this.config.name} is not connected.`);
    const lines = jobLines(gcode);
    const violation = firstViolation(this.safetyPolicy, origin, lines);
    if (violation) return Promise.resolve(this.refuse(jobId, `The safety policy of ${this.config.name} refused this job; nothing was sent to the printer: ${violation.message}.`));
    const job: RunningJob = { jobId, linesTotal: lines.commands.length, linesDone: 0, startedAt: new Date(), paused: false };
    this.running = job;
    const outcome = printGuarded(connection, jobId, lines, new SafetyCheck(this.safetyPolicy, origin), this.config.name);
    this.emit("jobEvent", { jobId, type: "started", linesDone: 0, message: null });
    this.emit("change", true);
    return outcome.then((result) => {
      this.running = null;
      this.finished.add(jobId);
      job.linesDone = result.linesDone;
      this.emit("jobEvent", { jobId, type: result.outcome, linesDone: result.linesDone, message: result.message });
      this.emit("change", true);
      return result;
    });
  }

  /** A job the safety policy refused before printing: reported failed, nothing sent. */
  private refuse(jobId: string, message: string): JobOutcome {
    this.logger.warn({ printer: this.localId, jobId, reason: message }, "job refused by the safety policy");
    this.finished.add(jobId);
    this.emit("jobEvent", { jobId, type: "failed", linesDone: 0, message });
    return { outcome: "failed", linesDone: 0, message };
  }

  control(action: "pause" | "resume" | "cancel" | "emergency-stop"): void {
    const connection = this.connection;
    const job = this.running;
    if (!connection || !job) return;
    if (action === "pause" && !job.paused) {
      connection.pause();
      job.paused = true;
      this.emit("jobEvent", { jobId: job.jobId, type: "paused", linesDone: job.linesDone, message: null });
    } else if (action === "resume" && job.paused) {
      connection.resume();
      job.paused = false;
      this.emit("jobEvent", { jobId: job.jobId, type: "resumed", linesDone: job.linesDone, message: null });
    } else if (action === "cancel") connection.cancel("cancelled by the operator");
    else if (action === "emergency-stop") connection.emergencyStop();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.connection?.close();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const failures: string[] = [];
    const bauds = this.config.baud ? [this.config.baud] : DEFAULT_BAUD_RATES;
    for (const baudRate of this.isVirtual ? [250000] : bauds) {
      try {
        const binding = this.isVirtual
          ? virtualBinding(() => (this.virtualPrinter = new VirtualMarlin(this.config.virtual ?? {})))
          : this.binding;
        const line = await openSerialLine({ path: this.config.port, baudRate, ...(binding ? { binding } : {}) });
        const connection = new PrinterConnection(line, {
          logger: this.logger,
          ...(this.config.rxBufferSize ? { rxBufferSize: this.config.rxBufferSize } : {}),
          ...(this.config.windowMode ? { windowMode: this.config.windowMode } : {}),
          ...(this.config.pauseScript ? { pauseScript: this.config.pauseScript } : {}),
          ...(this.config.endScript ? { endScript: this.config.endScript } : {}),
        });
        try {
          await connection.handshake();
        } catch (error) {
          await connection.close();
          throw error;
        }
        this.adopt(connection);
        this.logger.info({ printer: this.localId, baudRate, firmware: connection.firmwareName }, "printer connected");
        return;
      } catch (error) {
        failures.push(`${baudRate} baud: ${(error as Error).message}`);
      }
    }
    this.offlineMessage = `Cannot connect to ${this.config.port}. ${failures.join(" ")}`;
    this.connectingState = "offline";
    this.logger.warn({ printer: this.localId, reason: this.offlineMessage }, "printer offline; retrying in 10 s");
    this.emit("change", true);
    this.reconnectTimer = setTimeout(() => void this.connect(), 10_000);
  }

  private adopt(connection: PrinterConnection): void {
    this.connection = connection;
    if (this.heatersOffOnReconnect) {
      this.heatersOffOnReconnect = false;
      this.logger.warn({ printer: this.localId }, "reconnected after losing the printer mid-job: turning the heaters off");
      void connection.heatersOff();
    }
    connection.on("state", (state) => {
      this.emit("change", true);
      if (state === "offline" && !this.closed) {
        if (this.running) this.heatersOffOnReconnect = true;
        this.connection = null;
        this.connectingState = "offline";
        this.offlineMessage = connection.statusMessage;
        this.reconnectTimer = setTimeout(() => void this.connect(), 5_000);
      }
    });
    connection.on("temperatures", () => this.emit("change", false));
    connection.on("progress", ({ linesDone }) => {
      if (this.running) this.running.linesDone = linesDone;
      this.emit("change", false);
    });
    this.emit("change", true);
  }
}

/** A started printer that has handshaken and is idle, or an error carrying the printer's reason. */
export async function connectReadyPrinter(config: PrinterConfig, logger: Logger): Promise<AttachedPrinter> {
  const printer = new AttachedPrinter(config, logger);
  await printer.start();
  if (printer.state !== "idle") {
    await printer.close();
    throw new Error(printer.message ?? `the printer on ${config.port} is not ready`);
  }
  return printer;
}

/** The flavours the hub knows; the bridge's others (Repetier, Smoothieware) are "unknown" to it. */
function reportedFlavour(flavour: FirmwareFlavour | undefined): PrinterFirmwareFlavour {
  return flavour === "marlin" || flavour === "prusa" || flavour === "klipper" ? flavour : "unknown";
}
