/**
 * What the bridge must remember across restarts: its id, the job each printer is running and
 * job events the hub has not acknowledged yet. Written atomically (temp file + rename).
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BridgeJobReportSchema, JOB_EVENT_TYPES } from "@peerfab/protocol";
import { z } from "zod";

export const PendingJobEventSchema = z.object({
  eventId: z.string(),
  jobId: z.string(),
  printerLocalId: z.string(),
  type: z.enum(JOB_EVENT_TYPES),
  linesDone: z.number().int().nonnegative(),
  message: z.string().nullable(),
  at: z.string(),
});
export type PendingJobEvent = z.infer<typeof PendingJobEventSchema>;

export const BridgeStateSchema = z.object({
  bridgeId: z.string(),
  jobs: z.array(BridgeJobReportSchema),
  pendingEvents: z.array(PendingJobEventSchema),
});
export type BridgeState = z.infer<typeof BridgeStateSchema>;

export class BridgeStateFile {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    readonly state: BridgeState,
  ) {}

  static async open(stateDir: string): Promise<BridgeStateFile> {
    await mkdir(stateDir, { recursive: true });
    const path = join(stateDir, "bridge-state.json");
    let state: BridgeState = { bridgeId: `bridge-${randomUUID()}`, jobs: [], pendingEvents: [] };
    try {
      const parsed = BridgeStateSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
      if (parsed.success) state = parsed.data;
    } catch {
      // First start (or unreadable file): begin with a fresh state.
    }
    const file = new BridgeStateFile(path, state);
    await file.save();
    return file;
  }

  /** Writes the current state; calls are serialised so the last write wins. */
  save(): Promise<void> {
    const snapshot = JSON.stringify(this.state, null, 2);
    this.writing = this.writing.then(async () => {
      const temp = `${this.path}.${process.pid}.tmp`;
      await writeFile(temp, snapshot);
      await rename(temp, this.path);
    });
    return this.writing;
  }
}
