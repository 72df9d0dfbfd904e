/**
 * G-code a printer's bridge sliced for a job (issue #6). The bridge sends it after it started the
 * print (`PUT /api/jobs/:id/sliced-gcode`); the hub streams it into the blob store while hashing
 * it and checking it is G-code text, with the upload size limit — never whole in memory — then
 * checks the sha256 the bridge stated, counts its commands and layers in a worker thread, and
 * records it on the job once. Sending the same G-code again answers as the first time did
 * (`created: false`); different G-code for a job that has one is refused, so the recorded file
 * stays what was printed. Only the bridge token of the printer's owner may send it; the printer's
 * owner and the job's maker may read it (the dashboard's toolpath preview, the maker's job page).
 */
import { type Job, type SlicedGcode, type SlicedGcodeReceipt } from "@peerfab/protocol";
import type { ReadStream } from "node:fs";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { HttpError, notFound } from "../errors.ts";
import { GcodeTextCheck } from "../gcode/gcode-text-check.ts";
import type { HubEvents } from "../hub-events.ts";
import type { AnalysisResults, AnalysisTask } from "../mesh/analysis-task.ts";
import { nowIso } from "../ids.ts";
import type { JobRepository } from "../repositories/jobs.ts";
import type { User } from "../repositories/users.ts";
import type { BlobStore, StagedBlob } from "../storage/blob-store.ts";
import { mayWatchJob, notYourJob } from "./job-permissions.ts";
import type { PrinterPresence } from "./printer-presence.ts";

type GcodeAnalysisTask = Extract<AnalysisTask, { kind: "analyse-gcode" }>;

/** The worker pool's G-code analysis (mesh/analysis-pool.ts). */
export interface GcodeAnalysisRunner {
  run(task: GcodeAnalysisTask): Promise<AnalysisResults["analyse-gcode"]>;
}

export interface SlicedGcodeLimits {
  /** Largest accepted G-code in bytes (the hub's upload limit). */
  maxBytes: number;
  /** Passed to the analysis task (it also reads packages; uploads here never are one). */
  analysis: GcodeAnalysisTask["limits"];
}

/** One upload as the route hands it over. */
export interface SlicedGcodeUpload {
  /** The sha256 (hex) the sender stated in `Content-Digest`. */
  sha256: string;
  /** `Content-Length`, when sent (chunked uploads have none: the limit is then enforced while streaming). */
  declaredBytes: number | null;
  body: Readable;
}

export class SlicedGcodeUploads {
  constructor(
    private readonly jobs: JobRepository,
    private readonly printers: PrinterPresence,
    private readonly blobs: BlobStore,
    private readonly analysis: GcodeAnalysisRunner,
    private readonly events: HubEvents,
    private readonly limits: SlicedGcodeLimits,
  ) {}

  /** Receives the G-code `bridgeOwner`'s bridge sliced for job `jobId`. */
  async receive(bridgeOwner: User, jobId: string, upload: SlicedGcodeUpload): Promise<SlicedGcodeReceipt> {
    const job = await this.job(jobId);
    if (!job.printerId || (await this.ownerOf(job.printerId)) !== bridgeOwner.id) {
      throw new HttpError(403, "not-your-printer", `Job '${jobId}' is not on one of this token's printers: only the bridge of the printer that holds the job may send its G-code.`);
    }
    if (job.gcodeFileId !== null) {
      throw new HttpError(409, "job-has-gcode", `Job '${jobId}' prints the design's G-code file '${job.gcodeFileId}'; the hub has it already, so there is nothing sliced to send.`);
    }
    const recorded = job.slicedGcode ?? null;
    if (recorded && recorded.sha256 !== upload.sha256) throw differentGcode(jobId, recorded);
    if (upload.declaredBytes !== null && upload.declaredBytes > this.limits.maxBytes) throw tooLarge(this.limits.maxBytes);

    const staged = await this.stage(upload.body);
    try {
      if (staged.sha256 !== upload.sha256) {
        throw new HttpError(422, "checksum-mismatch", `The G-code received has sha256 ${staged.sha256}, not ${upload.sha256} as its Content-Digest says: it was cut short or changed on the way. Send it again.`);
      }
      if (recorded) {
        await this.blobs.discard(staged);
        return receipt(job.id, recorded, false);
      }
      const gcode = await this.analyse(staged);
      return await this.record(job, staged, gcode);
    } catch (error) {
      await this.blobs.discard(staged);
      throw error;
    }
  }

  /** The recorded G-code of a job, for its printer's owner and its maker. */
  async read(viewer: User, jobId: string): Promise<{ name: string; sha256: string; size: number; body: ReadStream }> {
    const job = await this.job(jobId);
    const printerOwnerId = job.printerId ? ((await this.ownerOf(job.printerId)) ?? null) : null;
    if (!mayWatchJob(viewer.id, { jobId, state: job.state, makerId: job.makerId, printerOwnerId })) throw notYourJob(jobId);
    const gcode = job.slicedGcode;
    if (!gcode) {
      throw notFound(
        "sliced-gcode",
        job.gcodeFileId !== null
          ? `Job '${jobId}' prints the design's G-code file; download it from the design (GET /api/designs/${job.designId}/files/${job.gcodeFileId}).`
          : `The printer's bridge has not sent the G-code it sliced for job '${jobId}' yet; it does once the print starts. Try again later.`,
      );
    }
    return { name: `${job.id}.gcode`, sha256: gcode.sha256, size: gcode.size, body: this.blobs.open(gcode.sha256) };
  }

  private async job(jobId: string): Promise<Job> {
    const job = await this.jobs.get(jobId);
    if (!job) throw notFound("job", `There is no job '${jobId}'. GET /api/jobs lists your jobs.`);
    return job;
  }

  private async ownerOf(printerId: string): Promise<string | undefined> {
    return this.printers.ownerOf(printerId) ?? (await this.printers.record(printerId))?.ownerId;
  }

  /** Streams the body to the temp area, hashing it, within the size limit and checking it is G-code text. */
  private async stage(body: Readable): Promise<StagedBlob & { verdict: ReturnType<GcodeTextCheck["finish"]> }> {
    const check = new GcodeTextCheck();
    const limit = new SizeLimit(this.limits.maxBytes, (chunk) => check.push(chunk));
    body.on("error", (error) => limit.destroy(error));
    let staged: StagedBlob;
    try {
      staged = await this.blobs.stage(body.pipe(limit));
    } catch (error) {
      if (limit.exceeded) throw tooLarge(this.limits.maxBytes);
      throw new HttpError(400, "upload-interrupted", `The G-code upload broke off: ${(error as Error).message}. Send it again.`);
    }
    return { ...staged, verdict: check.finish() };
  }

  /** Commands and layers from the analyzer (a worker thread), after the text check. */
  private async analyse(staged: StagedBlob & { verdict: ReturnType<GcodeTextCheck["finish"]> }): Promise<SlicedGcode> {
    const { verdict } = staged;
    if (!verdict.ok) {
      throw new HttpError(verdict.kind === "not-gcode" ? 422 : 415, verdict.kind, `The upload is not plain G-code: ${verdict.detail}.`);
    }
    const extractTo = this.blobs.tempPath();
    const { summary } = await this.analysis
      .run({ kind: "analyse-gcode", path: staged.path, fileName: "sliced.gcode", extractTo, limits: this.limits.analysis })
      .finally(() => this.blobs.discard({ path: extractTo }));
    if (summary.commands === 0) {
      throw new HttpError(422, "empty-gcode", "The G-code has no commands (only comments or blank lines). Slice the model again and send the result.");
    }
    return { sha256: staged.sha256, size: staged.size, commands: summary.commands, layers: summary.layers, receivedAt: nowIso() };
  }

  /** Commits the blob and records it on the job (once); announces the job. */
  private async record(job: Job, staged: StagedBlob, gcode: SlicedGcode): Promise<SlicedGcodeReceipt> {
    const { created } = await this.blobs.commit(staged);
    let recorded: boolean;
    try {
      recorded = await this.jobs.recordSlicedGcode(job.id, gcode);
    } catch (error) {
      if (created) await this.blobs.remove(gcode.sha256);
      throw error;
    }
    const fresh = await this.job(job.id);
    if (!recorded) {
      // Another upload for the job won the race: the same G-code is fine, other G-code is refused.
      const winner = fresh.slicedGcode;
      if (winner?.sha256 === gcode.sha256) return receipt(job.id, winner, false);
      if (created) await this.blobs.remove(gcode.sha256);
      throw differentGcode(job.id, winner ?? gcode);
    }
    this.events.emit("job:updated", fresh);
    return receipt(job.id, fresh.slicedGcode ?? gcode, true);
  }
}

/** Passes chunks through, showing each to `inspect`, and fails once more than `maxBytes` went by. */
class SizeLimit extends Transform {
  private bytes = 0;
  exceeded = false;

  constructor(
    private readonly maxBytes: number,
    private readonly inspect: (chunk: Buffer) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.exceeded = true;
      callback(new Error(`more than ${this.maxBytes} bytes`));
      return;
    }
    this.inspect(chunk);
    callback(null, chunk);
  }
}

function receipt(jobId: string, gcode: SlicedGcode, created: boolean): SlicedGcodeReceipt {
  return { jobId, ...gcode, created };
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "gcode-too-large", `The G-code is larger than the hub's upload limit of ${Math.round(maxBytes / (1024 * 1024))} MB. Ask the hub's operator to raise PEERFAB_MAX_UPLOAD_MB.`);
}

function differentGcode(jobId: string, recorded: SlicedGcode): HttpError {
  return new HttpError(409, "sliced-gcode-recorded", `Job '${jobId}' already has its sliced G-code (sha256 ${recorded.sha256}), and the hub keeps what was printed; this is different G-code. Start a new job to print something else.`);
}
