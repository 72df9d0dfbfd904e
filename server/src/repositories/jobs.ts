import { isTerminal, type Job, type JobActor, type JobState, type JobTarget, type JobTransitionRecord, type SlicedGcode } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import type { JobRow, JobTransitionRow } from "../db/schema.ts";
import { newId } from "../ids.ts";

export interface NewJob {
  id: string;
  designId: string;
  gcodeFileId: string | null;
  printerId: string | null;
  makerId: string;
  state: JobState;
  material: string;
  quantity: number;
  linesTotal: number;
  createdAt: string;
  modelFileId?: string | null;
  target?: JobTarget;
  colour?: string | null;
  notes?: string | null;
}

/** What accepting a quote settles, written with the transition: the printer, the shop, the price. */
export interface JobAssignment {
  printerId: string;
  shopId: string;
  agreedPriceCents: number;
  currency: string;
  /** The accepted quote; the job's other quotes are closed in the same transaction. */
  quoteId: string;
}

export interface TransitionWrite {
  jobId: string;
  from: JobState;
  to: JobState;
  actor: JobActor;
  actorId: string | null;
  at: string;
  reason: string | null;
  linesDone?: number;
  message?: string | null;
  /** Marks a bridge event as processed in the same transaction (idempotency). */
  eventId?: string;
  /** Accepting a quote: assigns printer, shop and price in the same transaction. */
  assign?: JobAssignment;
  /** A print ended on this printer: it waits for its operator to confirm the bed is clear. */
  bedToClear?: string;
}

/** A job as lists that show no transitions read it. */
export type JobWithoutHistory = Omit<Job, "history">;

/** States in which a job holds its printer: the head of that printer's queue. */
export const QUEUED_ON_PRINTER: readonly JobState[] = ["accepted", "printing", "paused"];

export class JobRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the job and its first transition (null → state) together. */
  async insert(job: NewJob, actor: JobActor, actorId: string | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("jobs")
        .values({
          id: job.id,
          design_id: job.designId,
          gcode_file_id: job.gcodeFileId,
          printer_id: job.printerId,
          maker_id: job.makerId,
          state: job.state,
          material: job.material,
          quantity: job.quantity,
          lines_done: 0,
          lines_total: job.linesTotal,
          message: null,
          created_at: job.createdAt,
          updated_at: job.createdAt,
          model_file_id: job.modelFileId ?? null,
          target_json: job.target ? JSON.stringify(job.target) : null,
          colour: job.colour ?? null,
          notes: job.notes ?? null,
          shop_id: null,
          agreed_price_cents: null,
          currency: null,
        })
        .execute();
      await trx
        .insertInto("job_transitions")
        .values({
          id: newId("jtr"),
          job_id: job.id,
          from_state: null,
          to_state: job.state,
          actor,
          actor_id: actorId,
          at: job.createdAt,
          reason: null,
        })
        .execute();
    });
  }

  /**
   * Persists a transition: the job row moves only if it is still in `from` (so two writers racing
   * cannot both win). Returns false when the job had moved on.
   */
  async transition(write: TransitionWrite): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable("jobs")
        .set({
          state: write.to,
          updated_at: write.at,
          ...(write.linesDone === undefined ? {} : { lines_done: write.linesDone }),
          ...(write.message === undefined ? {} : { message: write.message }),
          ...(write.assign
            ? { printer_id: write.assign.printerId, shop_id: write.assign.shopId, agreed_price_cents: write.assign.agreedPriceCents, currency: write.assign.currency }
            : {}),
        })
        .where("id", "=", write.jobId)
        .where("state", "=", write.from)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto("job_transitions")
        .values({
          id: newId("jtr"),
          job_id: write.jobId,
          from_state: write.from,
          to_state: write.to,
          actor: write.actor,
          actor_id: write.actorId,
          at: write.at,
          reason: write.reason,
        })
        .execute();
      if (write.assign) {
        await trx.updateTable("quotes").set({ state: "closed" }).where("job_id", "=", write.jobId).where("id", "!=", write.assign.quoteId).execute();
        await trx.updateTable("quotes").set({ state: "accepted" }).where("id", "=", write.assign.quoteId).execute();
      }
      if (isTerminal(write.to)) {
        // A job that ended (e.g. cancelled while open or quoted) takes no quote any more.
        await trx.updateTable("quotes").set({ state: "closed" }).where("job_id", "=", write.jobId).where("state", "=", "offered").execute();
      }
      if (write.bedToClear) {
        await trx.updateTable("printers").set({ needs_bed_clear: 1 }).where("id", "=", write.bedToClear).execute();
      }
      if (write.eventId) {
        await trx.insertInto("processed_events").values({ event_id: write.eventId, job_id: write.jobId, processed_at: write.at }).execute();
      }
      return true;
    });
  }

  /**
   * Sets a job's message without a transition (e.g. why its printer has not started it yet), only
   * while it is still in `state`. Returns false when the job had moved on.
   */
  async setMessage(jobId: string, state: JobState, message: string | null, at: string): Promise<boolean> {
    const result = await this.db.updateTable("jobs").set({ message, updated_at: at }).where("id", "=", jobId).where("state", "=", state).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records the G-code a job's bridge sliced, once: only while the job has none recorded (a
   * second, different upload cannot replace what was printed). A job counted without commands
   * (a model job) takes the G-code's count as its `linesTotal`. Returns false when it had one.
   */
  async recordSlicedGcode(jobId: string, gcode: SlicedGcode): Promise<boolean> {
    const result = await this.db
      .updateTable("jobs")
      .set((eb) => ({
        sliced_gcode_sha256: gcode.sha256,
        sliced_gcode_size: gcode.size,
        sliced_gcode_commands: gcode.commands,
        sliced_gcode_layers: gcode.layers,
        sliced_gcode_received_at: gcode.receivedAt,
        lines_total: eb.case().when("lines_total", "=", 0).then(gcode.commands).else(eb.ref("lines_total")).end(),
      }))
      .where("id", "=", jobId)
      .where("sliced_gcode_sha256", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markEventProcessed(eventId: string, jobId: string, at: string): Promise<void> {
    await this.db
      .insertInto("processed_events")
      .values({ event_id: eventId, job_id: jobId, processed_at: at })
      .onConflict((oc) => oc.column("event_id").doNothing())
      .execute();
  }

  async isEventProcessed(eventId: string): Promise<boolean> {
    const row = await this.db.selectFrom("processed_events").select("event_id").where("event_id", "=", eventId).executeTakeFirst();
    return row !== undefined;
  }

  async get(id: string): Promise<Job | undefined> {
    const rows = await this.jobQuery().where("jobs.id", "=", id).execute();
    return (await this.withHistory(rows))[0];
  }

  async listActive(): Promise<Job[]> {
    const rows = await this.jobQuery().where("jobs.state", "not in", ["completed", "failed", "cancelled"]).orderBy("jobs.id", "desc").execute();
    return this.withHistory(rows);
  }

  /** Jobs `userId` may see: theirs as maker, and every job on a printer they own. Newest first. */
  async listVisibleTo(userId: string, options: { activeOnly: boolean; limit?: number }): Promise<Job[]> {
    let query = this.jobQuery().where((eb) =>
      eb.or([
        eb("jobs.maker_id", "=", userId),
        eb("jobs.shop_id", "=", userId),
        eb("jobs.printer_id", "in", eb.selectFrom("printers").select("printers.id").where("printers.owner_id", "=", userId)),
      ]),
    );
    if (options.activeOnly) query = query.where("jobs.state", "not in", ["completed", "failed", "cancelled"]);
    const rows = await query.orderBy("jobs.id", "desc").limit(options.limit ?? 200).execute();
    return this.withHistory(rows);
  }

  /** The oldest job holding or waiting for the printer, if any. */
  async queueHead(printerId: string): Promise<Job | undefined> {
    const rows = await this.jobQuery()
      .where("jobs.printer_id", "=", printerId)
      .where("jobs.state", "in", QUEUED_ON_PRINTER)
      .orderBy("jobs.id")
      .limit(1)
      .execute();
    return (await this.withHistory(rows))[0];
  }

  async listOnPrinters(printerIds: string[], states: readonly JobState[]): Promise<Job[]> {
    if (printerIds.length === 0) return [];
    const rows = await this.jobQuery().where("jobs.printer_id", "in", printerIds).where("jobs.state", "in", states).orderBy("jobs.id").execute();
    return this.withHistory(rows);
  }

  /**
   * Jobs waiting for shops (open or quoted, sent to a shop or open to shops), oldest first,
   * without their history: the job board reads hundreds of them and shows no transitions.
   */
  async listSeekingShops(limit = 500): Promise<JobWithoutHistory[]> {
    const rows = await this.jobQuery().where("jobs.state", "in", ["open", "quoted"]).orderBy("jobs.id").limit(limit).execute();
    return rows.map((row) => {
      const { history: _none, ...job } = toJob(row, []);
      return job;
    });
  }

  /** Completed jobs of a design with printer and maker names: its verified makes, newest first. */
  async completedOfDesign(designId: string, limit = 50): Promise<{ printerName: string; material: string; at: string; makerName: string }[]> {
    const rows = await this.db
      .selectFrom("jobs")
      .innerJoin("printers", "printers.id", "jobs.printer_id")
      .innerJoin("users", "users.id", "jobs.maker_id")
      .select(["printers.name as printer_name", "jobs.material", "jobs.updated_at", "users.display_name"])
      .where("jobs.design_id", "=", designId)
      .where("jobs.state", "=", "completed")
      .orderBy("jobs.updated_at", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => ({ printerName: r.printer_name, material: r.material, at: r.updated_at, makerName: r.display_name }));
  }

  private jobQuery() {
    return this.db
      .selectFrom("jobs")
      .innerJoin("designs", "designs.id", "jobs.design_id")
      .selectAll("jobs")
      .select("designs.title as design_title");
  }

  private async withHistory(rows: (JobRow & { design_title: string })[]): Promise<Job[]> {
    if (rows.length === 0) return [];
    const transitions = await this.db
      .selectFrom("job_transitions")
      .selectAll()
      .where(
        "job_id",
        "in",
        rows.map((r) => r.id),
      )
      .orderBy("id")
      .execute();
    const byJob = new Map<string, JobTransitionRow[]>();
    for (const transition of transitions) {
      const list = byJob.get(transition.job_id);
      if (list) list.push(transition);
      else byJob.set(transition.job_id, [transition]);
    }
    return rows.map((row) => toJob(row, byJob.get(row.id) ?? []));
  }
}

function toJob(row: JobRow & { design_title: string }, transitions: JobTransitionRow[]): Job {
  return {
    id: row.id,
    designId: row.design_id,
    designTitle: row.design_title,
    gcodeFileId: row.gcode_file_id,
    modelFileId: row.model_file_id,
    target: row.target_json ? (JSON.parse(row.target_json) as JobTarget) : { kind: "printer", printerId: row.printer_id ?? "" },
    colour: row.colour,
    notes: row.notes,
    shopId: row.shop_id,
    agreedPriceCents: row.agreed_price_cents,
    currency: row.currency,
    printerId: row.printer_id,
    makerId: row.maker_id,
    state: row.state as JobState,
    material: row.material,
    quantity: row.quantity,
    linesDone: row.lines_done,
    linesTotal: row.lines_total,
    message: row.message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    history: transitions.map(toTransition),
    slicedGcode: toSlicedGcode(row),
  };
}

function toSlicedGcode(row: JobRow): SlicedGcode | null {
  if (row.sliced_gcode_sha256 === null) return null;
  return {
    sha256: row.sliced_gcode_sha256,
    size: row.sliced_gcode_size ?? 0,
    commands: row.sliced_gcode_commands ?? 0,
    layers: row.sliced_gcode_layers ?? 0,
    receivedAt: row.sliced_gcode_received_at ?? row.updated_at,
  };
}

function toTransition(row: JobTransitionRow): JobTransitionRecord {
  return {
    from: row.from_state as JobState | null,
    to: row.to_state as JobState,
    actor: row.actor as JobActor,
    actorId: row.actor_id,
    at: row.at,
    reason: row.reason,
  };
}
