/**
 * Quotes shops made for jobs (issue #5), and why a shop's bridge did not quote one. Accepting a
 * quote closes the others, and a job that ends closes its open ones, in JobRepository.transition.
 */
import type { Quote } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import type { QuotesTable } from "../db/schema.ts";

export type NewQuote = Omit<QuotesTable, "state"> & { state?: string };

export class QuoteRepository {
  constructor(private readonly db: Db) {}

  async insert(quote: NewQuote): Promise<void> {
    await this.db.insertInto("quotes").values({ ...quote, state: quote.state ?? "offered" }).execute();
  }

  async get(id: string): Promise<Quote | undefined> {
    const row = await this.query().where("quotes.id", "=", id).executeTakeFirst();
    return row ? toQuote(row) : undefined;
  }

  /** A job's quotes, oldest first. */
  async forJob(jobId: string): Promise<Quote[]> {
    return (await this.query().where("quotes.job_id", "=", jobId).orderBy("quotes.id").execute()).map(toQuote);
  }

  /** Ids of the jobs among `jobIds` that the shop has quoted. */
  async quotedBy(shopId: string, jobIds: readonly string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows = await this.db.selectFrom("quotes").select("job_id").where("shop_id", "=", shopId).where("job_id", "in", jobIds).execute();
    return new Set(rows.map((r) => r.job_id));
  }

  /** A shop's earlier offers on a job are withdrawn when it quotes again (the newest stands). */
  async closeOffersOf(jobId: string, shopId: string): Promise<void> {
    await this.db.updateTable("quotes").set({ state: "closed" }).where("job_id", "=", jobId).where("shop_id", "=", shopId).where("state", "=", "offered").execute();
  }

  /** The shop's bridge refused to quote the job (the newest refusal stands). */
  async recordProblem(problem: { jobId: string; shopId: string; printerId: string; detail: string; at: string }): Promise<void> {
    const row = { job_id: problem.jobId, shop_id: problem.shopId, printer_id: problem.printerId, detail: problem.detail, at: problem.at };
    await this.db
      .insertInto("quote_problems")
      .values(row)
      .onConflict((oc) => oc.columns(["job_id", "shop_id"]).doUpdateSet({ printer_id: row.printer_id, detail: row.detail, at: row.at }))
      .execute();
  }

  /** The shop quoted the job after all: its bridge's earlier refusal no longer matters. */
  async clearProblem(jobId: string, shopId: string): Promise<void> {
    await this.db.deleteFrom("quote_problems").where("job_id", "=", jobId).where("shop_id", "=", shopId).execute();
  }

  /** Why the shop's bridge did not quote each of `jobIds` (only jobs it refused), by job id. */
  async problemsOf(shopId: string, jobIds: readonly string[]): Promise<Map<string, string>> {
    if (jobIds.length === 0) return new Map();
    const rows = await this.db.selectFrom("quote_problems").select(["job_id", "detail"]).where("shop_id", "=", shopId).where("job_id", "in", jobIds).execute();
    return new Map(rows.map((r) => [r.job_id, r.detail]));
  }

  private query() {
    return this.db
      .selectFrom("quotes")
      .innerJoin("printers", "printers.id", "quotes.printer_id")
      .leftJoin("shops", "shops.owner_id", "quotes.shop_id")
      .selectAll("quotes")
      .select(["printers.name as printer_name", "shops.display_name as shop_name"]);
  }
}

function toQuote(row: QuotesTable & { printer_name: string; shop_name: string | null }): Quote {
  return {
    id: row.id,
    jobId: row.job_id,
    shopId: row.shop_id,
    shopName: row.shop_name ?? "a shop",
    printerId: row.printer_id,
    printerName: row.printer_name,
    priceCents: row.price_cents,
    currency: row.currency,
    printSeconds: row.print_seconds,
    filamentGrams: row.filament_grams,
    note: row.note,
    source: row.source === "bridge" ? "bridge" : "shop",
    state: row.state === "accepted" ? "accepted" : row.state === "closed" ? "closed" : "offered",
    createdAt: row.created_at,
  };
}
