/**
 * Marketplace quotes sliced at the shop (`job:quote-request`): the hub asks what one piece of an
 * open job takes on one of this bridge's printers. The bridge checks the printer can take it
 * (a slicer and profile, remote jobs, the material), downloads the model (sha256 checked),
 * slices it with the printer's own profile, runs the printer's safety policy over the G-code as
 * for another maker's job — so it never quotes a job it would refuse to print — and answers
 * with the slicer's print time and filament weight. Refusals and failures answer in plain words.
 *
 * Quotes never hold a printer: it keeps printing while a quote is sliced. One quote is sliced
 * at a time per bridge, the others wait in order; each must be answered within a time limit
 * (counted from the request, waiting included) so the hub gets an answer before it gives up.
 * The sliced G-code is kept (see quoted-gcode.ts) for the job to print once accepted.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Ack, describeZodError, type QuoteEstimate, type QuoteRequest, QuoteRequestSchema } from "@peerfab/protocol";
import { type Logger, silentLogger } from "../log.ts";
import type { AttachedPrinter } from "../printer/attached-printer.ts";
import { firstViolationInFile } from "../safety/gcode-file-check.ts";
import { SlicerError } from "../slicer/slicer.ts";
import { downloadVerified, GcodeDownloadError } from "./gcode-download.ts";
import type { QuotedGcode } from "./quoted-gcode.ts";
import { modelFileName } from "./sliced-jobs.ts";

/** The hub waits 3 minutes for a quote; the bridge answers a little before that. */
export const QUOTE_TIME_LIMIT_MS = 170_000;
/** Quote requests that may wait for the slicer at once; more are refused at once. */
export const MAX_WAITING_QUOTES = 16;

export type QuoteAnswer = Ack<QuoteEstimate>;

export interface QuoteRequestsOptions {
  hubUrl: string;
  token: string;
  logger?: Logger;
  /** The printer the hub calls `printerId`, once the hub acknowledged hello. */
  findPrinter: (printerId: string) => AttachedPrinter | undefined;
  /** Where sliced G-code is kept for the job to print once accepted; none: not kept. */
  quotedGcode?: QuotedGcode;
  /** Parent of each quote's temporary folder. Default: the OS temp dir. */
  workDir?: string;
  /** Time from request to answer, waiting included. Default QUOTE_TIME_LIMIT_MS. */
  timeLimitMs?: number;
  /** Default MAX_WAITING_QUOTES. */
  maxWaiting?: number;
}

function refuse(error: string, detail: string): QuoteAnswer {
  return { ok: false, error, detail };
}

function describeMs(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} min` : `${Math.round(ms / 100) / 10} s`;
}

export class QuoteRequests {
  private readonly logger: Logger;
  /** The quote being sliced and those waiting, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** The same request asked again while it is still being answered gets the same answer. */
  private readonly answering = new Map<string, Promise<QuoteAnswer>>();
  private readonly stop = new AbortController();

  constructor(private readonly options: QuoteRequestsOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  private get timeLimitMs(): number {
    return this.options.timeLimitMs ?? QUOTE_TIME_LIMIT_MS;
  }

  /** Answers one `job:quote-request`; never rejects. */
  answer(raw: unknown): Promise<QuoteAnswer> {
    if (this.stop.signal.aborted) return Promise.resolve(refuse("bridge-closing", "This bridge is shutting down; ask for the quote again when it is back."));
    const parsed = QuoteRequestSchema.safeParse(raw);
    if (!parsed.success) return Promise.resolve(refuse("invalid-quote-request", describeZodError(parsed.error)));
    const request = parsed.data;
    const printer = this.options.findPrinter(request.printerId);
    if (!printer) return Promise.resolve(refuse("unknown-printer", `This bridge has no printer ${request.printerId}.`));
    const refusal = this.refusal(printer, request);
    if (refusal) return Promise.resolve(refusal);

    const { slice } = request;
    const key = [request.jobId, request.printerId, slice.modelSha256, slice.material.toUpperCase(), slice.quality].join("\n");
    const same = this.answering.get(key);
    if (same) return same;
    const limit = this.options.maxWaiting ?? MAX_WAITING_QUOTES;
    if (this.queued >= limit)
      return Promise.resolve(refuse("quote-queue-full", `This bridge is already slicing ${this.queued} models for quotes; ask again in a few minutes.`));

    const deadline = Date.now() + this.timeLimitMs;
    this.queued++;
    const answer = this.queue.then(() => this.quote(printer, request, deadline)).finally(() => {
      this.queued--;
      this.answering.delete(key);
    });
    this.queue = answer;
    this.answering.set(key, answer);
    return answer;
  }

  /** Stops the quote being sliced; waiting ones are answered that the bridge is shutting down. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.queue;
  }

  /** Why this printer cannot quote the job at all (nothing downloaded, nothing sliced), or null. */
  private refusal(printer: AttachedPrinter, request: QuoteRequest): QuoteAnswer | null {
    const name = printer.config.name;
    if (!printer.slicer || !printer.config.slicerProfile)
      return refuse(
        "cannot-slice",
        `${name} cannot quote models: ${printer.slicer ? "it has no slicerProfile in printers.json; set one" : "no slicer is installed on its bridge; install PrusaSlicer there"}, or quote the job by hand.`,
      );
    if (!printer.config.acceptsRemoteJobs)
      return refuse("no-remote-jobs", `${name} takes no jobs from other makers (acceptsRemoteJobs is false in printers.json), so it does not quote them.`);
    const material = request.slice.material;
    if (!printer.config.materials.some((m) => m.toUpperCase() === material.toUpperCase()))
      return refuse("material-not-available", `${name} prints ${printer.config.materials.join(", ") || "no listed materials"}, not ${material}; it cannot quote this job.`);
    return null;
  }

  private async quote(printer: AttachedPrinter, request: QuoteRequest, deadline: number): Promise<QuoteAnswer> {
    const { jobId, slice } = request;
    if (this.stop.signal.aborted) return refuse("bridge-closing", "This bridge is shutting down; ask for the quote again when it is back.");
    if (Date.now() >= deadline)
      return refuse(
        "quote-time-limit",
        `This bridge was busy slicing other quotes for longer than ${describeMs(this.timeLimitMs)}, the time a quote may take; ask for this quote again.`,
      );
    const slicer = printer.slicer;
    const profile = printer.config.slicerProfile;
    if (!slicer || !profile) return this.refusal(printer, request) ?? refuse("cannot-slice", `${printer.config.name} cannot slice.`);
    let dir: string | null = null;
    try {
      const bytes = await downloadVerified(this.options.hubUrl, slice.modelPath, this.options.token, slice.modelSha256, "model");
      dir = await mkdtemp(join(this.options.workDir ?? tmpdir(), "peerfab-quote-"));
      const modelPath = join(dir, modelFileName(slice.fileName, bytes));
      await writeFile(modelPath, bytes);
      this.logger.info({ jobId, printer: printer.localId, model: slice.fileName }, "slicing for a quote");
      const result = await slicer.slice({
        modelPath,
        profile,
        material: slice.material,
        quality: slice.quality,
        outputPath: join(dir, "quoted.gcode"),
        signal: this.stop.signal,
        timeLimitMs: Math.max(1, deadline - Date.now()),
      });
      const violation = await firstViolationInFile(printer.safetyPolicy, { fromOwner: false }, result.gcodePath);
      if (violation)
        return refuse(
          "safety-policy",
          `${printer.config.name} would refuse to print the sliced job, so it is not quoted: its safety policy stops at ${violation.message}. Check the printer's slicer profile against its safety settings in printers.json.`,
        );
      const estimate = { printSeconds: Math.round(result.estimates.printSeconds), filamentGrams: Math.round(result.estimates.filamentG * 100) / 100 };
      await this.options.quotedGcode
        ?.keep({ jobId, printerLocalId: printer.localId, modelSha256: slice.modelSha256, material: slice.material, quality: slice.quality }, result.gcodePath)
        .catch((error: Error) => this.logger.warn({ jobId, error: error.message }, "could not keep the quoted G-code; the job will be sliced again"));
      this.logger.info({ jobId, printer: printer.localId, ...estimate }, "quoted");
      return { ok: true, ...estimate };
    } catch (error) {
      return this.failure(slice.fileName, error);
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }

  private failure(fileName: string, error: unknown): QuoteAnswer {
    if (error instanceof GcodeDownloadError) return refuse(error.code, error.message);
    if (error instanceof SlicerError) {
      if (error.code === "cancelled") return refuse("bridge-closing", "This bridge is shutting down; ask for the quote again when it is back.");
      if (error.code === "time-limit")
        return refuse(
          "quote-time-limit",
          `Slicing ${fileName} for the quote took longer than ${describeMs(this.timeLimitMs)}, the time a quote may take, and was stopped. Simplify the model or quote it by hand.`,
        );
      return refuse(error.code, `Slicing for the quote failed: ${error.message}`);
    }
    return refuse("quote-failed", `The quote could not be made: ${(error as Error).message}`);
  }
}
