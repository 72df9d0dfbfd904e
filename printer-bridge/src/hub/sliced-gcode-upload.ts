/**
 * Sends the G-code this bridge sliced for a job to the hub (`PUT /api/jobs/:id/sliced-gcode`,
 * sha256 in `Content-Digest`), so the dashboard's toolpath preview and the job's maker can see
 * what is printed. It runs beside the print and never holds it up: `send` returns at once, the
 * G-code is spooled to a file and streamed from there (the print keeps its own copy). A failed
 * attempt — the hub unreachable, restarting (5xx) or busy (408, 429) — is tried again after a
 * growing pause; an answer that will not change (the hub refused the G-code: 4xx) or the last
 * retry's failure is logged and the upload given up. A print never fails because of it.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { GCODE_MEDIA_TYPE, sha256ContentDigest, slicedGcodePath } from "@peerfab/protocol";
import { type Logger, silentLogger } from "../log.ts";

/** UTF-16 code units encoded at a time while spooling: a few milliseconds of work between turns of the event loop. */
export const SPOOL_CHUNK = 1 << 20;

/** Pauses before the retries: about 25 minutes in all, long enough for a hub to restart. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 300_000, 300_000, 300_000];

export interface SlicedGcodeUploadOptions {
  hubUrl: string;
  token: string;
  logger?: Logger;
  /** Parent of the spool folder. Default: the OS temp dir. */
  workDir?: string;
  /** Pause before each retry; its length is the number of retries. Default DEFAULT_RETRY_DELAYS_MS. */
  retryDelaysMs?: readonly number[];
}

/** How an upload ended: the hub has it, the hub refused it, or every attempt failed (or the bridge stopped). */
export type UploadOutcome = "uploaded" | "refused" | "gave-up";

class AttemptFailed extends Error {
  constructor(
    message: string,
    /** Worth trying again (the network or the hub's state), or the hub's final word. */
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export class SlicedGcodeUploads {
  private readonly logger: Logger;
  private readonly running = new Map<string, Promise<UploadOutcome>>();
  private readonly stop = new AbortController();
  private spool: Promise<string> | null = null;
  private counter = 0;

  constructor(private readonly options: SlicedGcodeUploadOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Starts sending `gcode` as job `jobId`'s sliced G-code; returns at once (a job already being sent is left alone). */
  send(jobId: string, gcode: string): void {
    if (this.stop.signal.aborted || this.running.has(jobId)) return;
    const upload = this.upload(jobId, gcode).finally(() => this.running.delete(jobId));
    this.running.set(jobId, upload);
  }

  /** How the upload of `jobId` ends; undefined when none is running. */
  outcome(jobId: string): Promise<UploadOutcome> | undefined {
    return this.running.get(jobId);
  }

  /** Stops every upload (waiting or sending) and removes the spool. */
  async close(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.running.values());
    const spool = this.spool;
    this.spool = null;
    if (spool) await rm(await spool, { recursive: true, force: true });
  }

  private async upload(jobId: string, gcode: string): Promise<UploadOutcome> {
    let file: string | null = null;
    try {
      file = join(await this.folder(), `sliced-${++this.counter}.gcode`);
      const { sha256, size } = await spool(gcode, file);
      return await this.attempts(jobId, file, sha256, size);
    } catch (error) {
      this.logger.warn({ jobId, error: (error as Error).message }, "could not keep the sliced G-code to send to the hub; the job has no toolpath preview there");
      return "gave-up";
    } finally {
      if (file) await rm(file, { force: true });
    }
  }

  private async attempts(jobId: string, file: string, sha256: string, size: number): Promise<UploadOutcome> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await this.put(jobId, file, sha256, size);
        this.logger.info({ jobId, sha256, bytes: size, created }, "sent the sliced G-code to the hub");
        return "uploaded";
      } catch (error) {
        const failure = error instanceof AttemptFailed ? error : new AttemptFailed((error as Error).message, true);
        if (this.stop.signal.aborted) return "gave-up";
        if (!failure.retry) {
          this.logger.warn({ jobId, problem: failure.message }, "the hub refused the sliced G-code; the print goes on without a toolpath preview on the hub");
          return "refused";
        }
        const delay = delays[attempt];
        if (delay === undefined) {
          this.logger.error({ jobId, attempts: attempt + 1, problem: failure.message }, "gave up sending the sliced G-code to the hub; the print goes on without a toolpath preview on the hub");
          return "gave-up";
        }
        this.logger.warn({ jobId, attempt: attempt + 1, retryInMs: delay, problem: failure.message }, "could not send the sliced G-code to the hub; trying again");
        if (!(await this.pause(delay))) return "gave-up";
      }
    }
  }

  /** One PUT of the spooled file; resolves with whether the hub created the record (else it had it). */
  private async put(jobId: string, file: string, sha256: string, size: number): Promise<boolean> {
    const url = new URL(slicedGcodePath(jobId), this.options.hubUrl).toString();
    let response: Response;
    try {
      response = await fetch(url, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${this.options.token}`,
          "content-type": GCODE_MEDIA_TYPE,
          "content-digest": sha256ContentDigest(sha256),
          "content-length": String(size),
        },
        body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
        duplex: "half",
        signal: this.stop.signal,
      } as RequestInit);
    } catch (error) {
      throw new AttemptFailed(`could not reach ${url}: ${(error as Error).message}`, true);
    }
    if (response.ok) {
      await response.body?.cancel();
      return response.status === 201;
    }
    const detail = await response.text().catch(() => "");
    const retry = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new AttemptFailed(`HTTP ${response.status} ${detail.slice(0, 500)}`.trim(), retry);
  }

  /** Waits `ms`; false when the uploads were stopped meanwhile. */
  private pause(ms: number): Promise<boolean> {
    return sleep(ms, true, { signal: this.stop.signal }).catch(() => false);
  }

  private folder(): Promise<string> {
    this.spool ??= mkdtemp(join(this.options.workDir ?? tmpdir(), "peerfab-sliced-upload-"));
    return this.spool;
  }
}

/**
 * Writes `gcode` as UTF-8 to `file` a chunk at a time, hashing it on the way, so a big file never
 * holds the event loop (and the printer's serial line) for long. Chunks never split a surrogate pair.
 */
export async function spool(gcode: string, file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let start = 0; start < gcode.length; ) {
      let end = Math.min(start + SPOOL_CHUNK, gcode.length);
      const last = gcode.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff && end < gcode.length) end++;
      const bytes = Buffer.from(gcode.slice(start, end), "utf8");
      hash.update(bytes);
      size += bytes.length;
      start = end;
      yield bytes;
    }
  }
  await pipeline(Readable.from(chunks()), createWriteStream(file));
  return { sha256: hash.digest("hex"), size };
}
