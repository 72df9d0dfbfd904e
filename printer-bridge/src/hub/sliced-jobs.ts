/**
 * Jobs the hub sends as a model (`slice` in `job:dispatch`, for a job without G-code): the
 * bridge downloads the model, acknowledges the dispatch, slices the model with the printer's
 * own profile (progress in the printer's status as `slicing`), then prints the result. A slicer
 * error fails the job with the slicer's problem in plain words; a cancel from the hub stops the
 * slicer and nothing is printed (the hub has already cancelled the job). A job this bridge
 * quoted prints the G-code sliced for its quote (same model, material and quality) at once.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import type { Ack, JobDispatch, SliceQuality, SliceRequest } from "@peerfab/protocol";
import { type Logger, silentLogger } from "../log.ts";
import { type AttachedPrinter, PrinterBusyError } from "../printer/attached-printer.ts";
import { SlicerError } from "../slicer/slicer.ts";
import { downloadVerified, GcodeDownloadError } from "./gcode-download.ts";
import type { QuotedGcode, QuotedSlice } from "./quoted-gcode.ts";

export interface SlicedJobsOptions {
  hubUrl: string;
  token: string;
  logger?: Logger;
  /** Where models and G-code are kept while slicing (a fresh folder per job). Default: the OS temp dir. */
  workDir?: string;
  /** A job could not be sliced or started: report it failed with `message`. */
  onFailed: (printer: AttachedPrinter, jobId: string, message: string) => void;
  /** G-code sliced for the job's quote: printed as quoted instead of slicing again. */
  quotedGcode?: QuotedGcode;
  /** The G-code a job prints was handed to the printer (e.g. to send it to the hub); must not block. */
  onPrinting?: (jobId: string, gcode: string) => void;
}

const MODEL_EXTENSIONS = new Set([".stl", ".3mf", ".obj", ".amf", ".step", ".stp"]);

function refuse(error: string, detail: string): Ack {
  return { ok: false, error, detail };
}

/** A file name PrusaSlicer reads by its extension (STL or 3MF told by content when the name does not say). */
export function modelFileName(fileName: string, bytes: Uint8Array): string {
  const base = basename(fileName).replace(/[^A-Za-z0-9._-]/g, "_").slice(-100) || "model";
  if (MODEL_EXTENSIONS.has(extname(base).toLowerCase())) return base;
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return `${base}${zip ? ".3mf" : ".stl"}`;
}

export class SlicedJobs {
  private readonly logger: Logger;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly ended = new Set<string>();

  constructor(private readonly options: SlicedJobsOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** True while the job is being sliced and after it was handed to the printer or failed. */
  knows(jobId: string): boolean {
    return this.active.has(jobId) || this.ended.has(jobId);
  }

  /** Downloads the job's model and starts slicing it; resolves with the dispatch's answer. */
  async start(printer: AttachedPrinter, job: JobDispatch): Promise<Ack> {
    const request = job.slice;
    if (!request) return refuse("invalid-dispatch", "The job has neither G-code nor a model to slice.");
    const slicer = printer.slicer;
    const profile = printer.config.slicerProfile;
    if (!slicer || !profile)
      return refuse(
        "cannot-slice",
        `${printer.config.name} cannot slice models: ${slicer ? "it has no slicerProfile in printers.json" : "no slicer is installed on its bridge"}. Send the job with G-code, or ${slicer ? "set its slicerProfile" : "install PrusaSlicer there"}.`,
      );
    const loaded = printer.config.materials.map((m) => m.toUpperCase());
    if (!loaded.includes(request.material.toUpperCase()))
      return refuse(
        "material-not-available",
        `${printer.config.name} prints ${printer.config.materials.join(", ") || "no listed materials"}, not ${request.material}. Choose another printer or material.`,
      );
    let dir: string | null = null;
    try {
      printer.assertReady();
      if (await this.printQuoted(printer, job, request)) return { ok: true };
      const bytes = await downloadVerified(this.options.hubUrl, request.modelPath, this.options.token, request.modelSha256, "model");
      printer.assertReady();
      dir = await mkdtemp(join(this.options.workDir ?? tmpdir(), "peerfab-slice-"));
      const modelPath = join(dir, modelFileName(request.fileName, bytes));
      await writeFile(modelPath, bytes);
      printer.assertReady();
      const controller = new AbortController();
      printer.reportSlicing({ jobId: job.jobId, stage: "Starting the slicer", fraction: 0 });
      this.logger.info({ jobId: job.jobId, printer: printer.localId, model: request.fileName }, "slicing job");
      const workDir = dir;
      const sliceJob = { jobId: job.jobId, modelPath, material: request.material, quality: request.quality, fromOwner: job.fromOwner ?? false };
      const done = this.sliceAndPrint(printer, sliceJob, controller.signal).finally(() => {
        this.active.delete(job.jobId);
        return rm(workDir, { recursive: true, force: true });
      });
      this.active.set(job.jobId, { controller, done });
      return { ok: true };
    } catch (error) {
      if (dir) await rm(dir, { recursive: true, force: true });
      if (error instanceof PrinterBusyError || error instanceof GcodeDownloadError) return refuse(error.code, error.message);
      return refuse("dispatch-failed", (error as Error).message);
    }
  }

  /** Prints the G-code sliced for the job's quote, if it was kept for this printer, model, material and quality. */
  private async printQuoted(printer: AttachedPrinter, job: JobDispatch, request: SliceRequest): Promise<boolean> {
    const quoted: QuotedSlice = { jobId: job.jobId, printerLocalId: printer.localId, modelSha256: request.modelSha256, material: request.material, quality: request.quality };
    const gcode = await this.options.quotedGcode?.read(quoted);
    if (gcode === undefined || gcode === null) return false;
    this.logger.info({ jobId: job.jobId, printer: printer.localId }, "printing the G-code sliced for the quote");
    // The safety policy checks it again like any other job's.
    void printer.print(job.jobId, gcode, { fromOwner: job.fromOwner ?? false });
    this.options.onPrinting?.(job.jobId, gcode);
    this.ended.add(job.jobId);
    await this.options.quotedGcode?.forget(quoted);
    return true;
  }

  /** Stops slicing the job, if it is being sliced; true if it was. */
  cancel(jobId: string): boolean {
    const job = this.active.get(jobId);
    job?.controller.abort();
    return job !== undefined;
  }

  async close(): Promise<void> {
    const running = [...this.active.values()];
    for (const job of running) job.controller.abort();
    await Promise.all(running.map((job) => job.done));
  }

  private async sliceAndPrint(printer: AttachedPrinter, job: SliceJob, signal: AbortSignal): Promise<void> {
    const { jobId } = job;
    try {
      const slicer = printer.slicer;
      const profile = printer.config.slicerProfile;
      if (!slicer || !profile) throw new SlicerError("slicer-missing", `${printer.config.name} has no slicer.`);
      const result = await slicer.slice({
        modelPath: job.modelPath,
        profile,
        material: job.material,
        quality: job.quality,
        outputPath: join(dirname(job.modelPath), "sliced.gcode"),
        signal,
        onProgress: ({ stage, fraction }) => printer.reportSlicing({ jobId, stage: stage.slice(0, 200), fraction }),
      });
      const gcode = await readFile(result.gcodePath, "utf8");
      if (signal.aborted) throw new SlicerError("cancelled", "Slicing was cancelled; nothing was printed.");
      this.ended.add(jobId);
      printer.reportSlicing(null);
      this.logger.info({ jobId, printer: printer.localId, estimates: result.estimates }, "sliced; starting job");
      // The safety policy checks the sliced G-code like any other job's.
      void printer.print(jobId, gcode, { fromOwner: job.fromOwner });
      this.options.onPrinting?.(jobId, gcode);
    } catch (error) {
      this.ended.add(jobId);
      if (printer.slicing?.jobId === jobId) printer.reportSlicing(null);
      if (error instanceof SlicerError && error.code === "cancelled") {
        this.logger.info({ jobId, printer: printer.localId }, "slicing cancelled");
        return;
      }
      const message = error instanceof SlicerError ? `Slicing failed: ${error.message}` : `The job could not start after slicing: ${(error as Error).message}`;
      this.logger.warn({ jobId, printer: printer.localId, message }, "sliced job failed");
      this.options.onFailed(printer, jobId, message);
    }
  }
}

interface SliceJob {
  jobId: string;
  modelPath: string;
  material: string;
  quality: SliceQuality;
  /** The job is the printer owner's own (see the safety policy). */
  fromOwner: boolean;
}
