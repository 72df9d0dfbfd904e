/**
 * Jobs for print-shop peers (issue #5): a maker sends a design file version to a chosen shop or
 * opens it to shops within N km; it is offered to shops whose printers can make it (fit, material,
 * slicer, distance); shops quote (from the browser, or their bridge slices and the hub prices it
 * with the shop's rules); the maker accepts one quote, which puts the job on that shop's printer
 * with the agreed price. Every state change goes through JobTransitions (the protocol's table).
 * A price on a design whose license forbids commercial use is refused unless the designer is the maker.
 */
import {
  type CreateJob,
  type Design,
  isTerminal,
  type Job,
  type JobNeeds,
  type JobOffer,
  type JobTarget,
  type LatLon,
  licenseAllowsCommercialUse,
  printerCanMake,
  type Quote,
  quotePriceCents,
  type Shop,
  type SubmitQuote,
} from "@peerfab/protocol";
import type { Logger } from "pino";
import { primaryMesh } from "../designs/design-links.ts";
import { HttpError, notFound } from "../errors.ts";
import type { HubEvents } from "../hub-events.ts";
import { newId, nowIso } from "../ids.ts";
import type { DesignRepository, StoredDesignFile } from "../repositories/designs.ts";
import type { JobRepository, JobWithoutHistory } from "../repositories/jobs.ts";
import type { PrinterRecord, PrinterRepository } from "../repositories/printers.ts";
import type { QuoteRepository } from "../repositories/quotes.ts";
import type { User } from "../repositories/users.ts";
import type { BridgeLink } from "./bridge-link.ts";
import type { JobTransitions } from "./job-transitions.ts";
import { distanceKm, type ShopDirectory } from "./shop-directory.ts";
import { JobNeedsReader } from "./job-needs.ts";
import { newJobFrom } from "./new-job.ts";
import { sliceRequestFor } from "./slice-request.ts";

/** A shop and which of its printers can make a job. */
export interface ShopMatch {
  shop: Shop;
  printers: PrinterRecord[];
}

export class Marketplace {
  constructor(
    private readonly jobs: JobRepository,
    private readonly designs: DesignRepository,
    private readonly printers: PrinterRepository,
    private readonly shops: ShopDirectory,
    private readonly quotes: QuoteRepository,
    private readonly transitions: JobTransitions,
    private readonly bridges: BridgeLink,
    private readonly events: HubEvents,
    private readonly log: Logger,
  ) {}

  /** A job for a chosen shop or open to shops nearby: `open`, then offered to the shops that can make it. */
  async create(maker: User, request: CreateJob, target: Exclude<JobTarget, { kind: "printer" }>): Promise<Job> {
    const design = await this.designs.get(request.designId);
    if (!design) throw notFound("design", `There is no design '${request.designId}'. Pick a design from GET /api/designs.`);
    if (target.kind === "shop" && !(await this.shops.get(target.shopId))) {
      throw notFound("shop", `There is no shop '${target.shopId}'. GET /api/shops lists the shops.`);
    }
    const file = await this.chooseFile(design, request.fileId ?? request.gcodeFileId);
    const row = newJobFrom(request, maker.id, design.id, file, { state: "open", printerId: null, target });
    await this.jobs.insert(row, "maker", maker.id);
    const job = await this.job(row.id);
    this.events.emit("job:updated", job);
    await this.offer(job);
    return job;
  }

  /** The shops whose printers can make the job, with those printers. */
  async matches(job: Job): Promise<ShopMatch[]> {
    const needs = await new JobNeedsReader(this.designs).needs(job);
    const shops = await this.shopsInReach(job);
    const byOwner = groupByOwner(await this.printers.listByOwners(shops.map((s) => s.id)));
    const matches: ShopMatch[] = [];
    for (const shop of shops) {
      const printers = (byOwner.get(shop.id) ?? []).filter((p) => printerCanMake(p.capabilities, needs, shop.materials).ok);
      if (printers.length > 0) matches.push({ shop, printers });
    }
    return matches;
  }

  /** The shops a job is offered to before their printers are asked: never the maker's own, unless sent to it. */
  private async shopsInReach(job: Job): Promise<Shop[]> {
    const target = job.target;
    if (target?.kind === "shop") {
      const shop = await this.shops.get(target.shopId);
      return shop ? [shop] : [];
    }
    const origin = target?.kind === "open" ? (target.near ?? (await this.shops.get(job.makerId))) : undefined;
    const shops = origin && target?.kind === "open" ? await this.shops.within(origin, target.withinKm) : await this.shops.find({ km: 20_000 });
    return shops.filter((s) => s.id !== job.makerId);
  }

  /** Whether the job is offered to this shop, with its printers that can make it; undefined when not. */
  async matchFor(job: JobWithoutHistory, shop: Shop): Promise<ShopMatch | undefined> {
    if (job.target?.kind !== "shop" && job.makerId === shop.id) return undefined;
    const makerShop = job.target?.kind === "open" && !job.target.near ? await this.shops.get(job.makerId) : undefined;
    if (!offeredTo(job, shop, makerShop)) return undefined;
    const needs = await new JobNeedsReader(this.designs).needs(job);
    const printers = (await this.printers.listByOwner(shop.id)).filter((p) => printerCanMake(p.capabilities, needs, shop.materials).ok);
    return printers.length > 0 ? { shop, printers } : undefined;
  }

  /**
   * The open jobs the caller's shop can make: its job board. One pass over the open jobs with the
   * shop's printers read once; designs and the makers' shops are read once each, not per shop.
   */
  async board(caller: User): Promise<JobOffer[]> {
    const shop = await this.shops.get(caller.id);
    if (!shop) return [];
    const printers = await this.printers.listByOwner(shop.id);
    const seeking = (await this.jobs.listSeekingShops(BOARD_JOBS)).filter((job) => job.makerId !== caller.id);
    // "Open within N km" without a point: of the maker's own shop.
    const makerShops = await this.shops.byOwner(seeking.filter((job) => job.target?.kind === "open" && !job.target.near).map((job) => job.makerId));
    const reader = new JobNeedsReader(this.designs);
    const offers: JobOffer[] = [];
    for (const job of seeking) {
      if (!offeredTo(job, shop, makerShops.get(job.makerId))) continue;
      const needs = await reader.needs(job);
      const able = printers.filter((p) => printerCanMake(p.capabilities, needs, shop.materials).ok);
      if (able.length > 0) offers.push(offerFor(job, needs, (await reader.design(job.designId))?.license ?? "", able));
    }
    const jobIds = offers.map((o) => o.jobId);
    const quoted = await this.quotes.quotedBy(shop.id, jobIds);
    const problems = await this.quotes.problemsOf(shop.id, jobIds);
    return offers.map((o) => ({ ...o, quoted: quoted.has(o.jobId), quoteProblem: problems.get(o.jobId) ?? null }));
  }

  /** A job's quotes: all of them for its maker, a shop's own for that shop. */
  async quotesFor(caller: User, jobId: string): Promise<Quote[]> {
    const job = await this.job(jobId);
    const all = await this.quotes.forJob(jobId);
    if (caller.id === job.makerId) return all;
    const own = all.filter((q) => q.shopId === caller.id);
    const shop = own.length === 0 ? await this.shops.get(caller.id) : undefined;
    if (own.length === 0 && !(shop && (await this.matchFor(job, shop)))) {
      throw new HttpError(403, "not-your-job", `Job '${jobId}' is not yours, and your shop is not offered it.`);
    }
    return own;
  }

  /**
   * A shop's quote (from the browser, or priced here from its bridge's estimate): the printer must
   * be the shop's and able to make the job; without a price the shop's rules set it.
   */
  async submitQuote(caller: User, jobId: string, body: SubmitQuote, source: "shop" | "bridge" = "shop"): Promise<Quote> {
    const job = await this.job(jobId);
    if (job.state !== "open" && job.state !== "quoted") {
      throw new HttpError(409, "not-open", `Job '${jobId}' is ${job.state}: only open jobs take quotes.`);
    }
    if (job.makerId === caller.id) throw new HttpError(403, "own-job", "You cannot quote your own job; send it to your printer instead.");
    const shop = await this.shops.get(caller.id);
    if (!shop) throw new HttpError(403, "no-shop", "Only shops quote. Create your shop profile first (PUT /api/shops/me).");
    const match = await this.matchFor(job, shop);
    if (!match) throw new HttpError(403, "not-offered", `Job '${jobId}' is not offered to your shop: it is for another shop, too far away, or none of your printers can make it.`);
    const printer = match.printers.find((p) => p.id === body.printerId);
    if (!printer) {
      throw new HttpError(400, "printer-cannot-make", `Printer '${body.printerId}' is not one of your printers that can make this job; pick one of ${match.printers.map((p) => `'${p.id}'`).join(", ")}.`);
    }
    const priceCents = body.priceCents ?? quotePriceCents(shop.pricing, body.printSeconds, body.filamentGrams, job.quantity);
    await this.refuseNonCommercial(job, priceCents);
    const id = newId("quo");
    await this.quotes.closeOffersOf(job.id, shop.id);
    await this.quotes.clearProblem(job.id, shop.id);
    await this.quotes.insert({
      id,
      job_id: job.id,
      shop_id: shop.id,
      printer_id: printer.id,
      price_cents: priceCents,
      currency: shop.pricing.currency,
      print_seconds: body.printSeconds,
      filament_grams: body.filamentGrams,
      note: body.note ?? null,
      source,
      created_at: nowIso(),
    });
    const outcome = await this.transitions.apply({ job, to: "quoted", actor: "shop", actorId: caller.id, reason: `${shop.displayName} quoted ${formatPrice(priceCents, shop.pricing.currency)}` });
    if (!outcome.ok) {
      await this.quotes.closeOffersOf(job.id, shop.id);
      throw new HttpError(409, "quote-refused", `Job '${jobId}' takes no quote now: ${outcome.reason}.`);
    }
    const quote = await this.quotes.get(id);
    if (!quote) throw new Error(`quote ${id} vanished right after it was stored`);
    return quote;
  }

  /** The maker accepts one quote: the job goes to that shop's printer at the agreed price; other quotes close. */
  async accept(caller: User, jobId: string, quoteId: string): Promise<Job> {
    const job = await this.job(jobId);
    if (job.makerId !== caller.id) throw new HttpError(403, "not-your-job", `Only the maker of job '${jobId}' can accept a quote for it.`);
    const quote = await this.quotes.get(quoteId);
    if (!quote || quote.jobId !== jobId) throw notFound("quote", `Job '${jobId}' has no quote '${quoteId}'. GET /api/jobs/${jobId}/quotes lists them.`);
    if (isTerminal(job.state)) throw new HttpError(409, "job-finished", `Job '${jobId}' is ${job.state}, so its quotes are closed; create a new job to get quotes again.`);
    if (quote.state !== "offered") throw new HttpError(409, "quote-not-offered", `Quote '${quoteId}' is ${quote.state}; accept an offered one.`);
    await this.refuseNonCommercial(job, quote.priceCents);
    const outcome = await this.transitions.apply({
      job,
      to: "accepted",
      actor: "maker",
      actorId: caller.id,
      reason: `accepted ${quote.shopName}'s quote of ${formatPrice(quote.priceCents, quote.currency)}`,
      assign: { printerId: quote.printerId, shopId: quote.shopId, agreedPriceCents: quote.priceCents, currency: quote.currency, quoteId: quote.id },
    });
    if (!outcome.ok) throw new HttpError(409, "accept-refused", `Job '${jobId}' cannot accept a quote: ${outcome.reason}.`);
    return outcome.job;
  }

  /** Tells the matching shops (browsers via `job:offered`) and asks their slicing bridges for quotes. */
  async offer(job: Job): Promise<void> {
    const matches = await this.matches(job);
    if (matches.length === 0) return;
    this.events.emit("job:offered", { job, shops: matches.map((m) => ({ shopId: m.shop.id, printerIds: m.printers.map((p) => p.id) })) });
    if (job.gcodeFileId || !job.modelFileId) return;
    const model = await this.designs.findFile(job.designId, job.modelFileId);
    if (!model) return;
    for (const match of matches) void this.bridgeQuote(job, match, model);
  }

  /** One printer of the shop slices the model on its bridge; the hub prices the estimate by the shop's rules. */
  private async bridgeQuote(job: Job, match: ShopMatch, model: StoredDesignFile): Promise<void> {
    const printer = match.printers.find((p) => this.bridges.isOnline(p.id) && p.capabilities.slicer);
    if (!printer) return;
    const estimate = await this.bridges.requestQuote({
      jobId: job.id,
      printerId: printer.id,
      quantity: job.quantity,
      slice: sliceRequestFor(job, model),
    });
    if (!estimate.ok) {
      this.log.info({ jobId: job.id, printerId: printer.id, detail: estimate.detail }, "bridge did not quote");
      await this.recordQuoteProblem(job.id, match.shop.id, printer.id, estimate.detail);
      return;
    }
    try {
      await this.submitQuote({ id: match.shop.id, displayName: match.shop.displayName }, job.id, { printerId: printer.id, printSeconds: Math.round(estimate.printSeconds), filamentGrams: estimate.filamentGrams }, "bridge");
    } catch (error) {
      this.log.info({ jobId: job.id, err: error }, "bridge quote not recorded");
      // A job that moved on (no longer open) is no problem of the shop's; a refused price (e.g. a non-commercial license) is.
      if (error instanceof HttpError && error.code !== "not-open" && error.code !== "quote-refused") {
        await this.recordQuoteProblem(job.id, match.shop.id, printer.id, error.detail);
      }
    }
  }

  /** Keeps why the shop's bridge did not quote, for the shop's job board; never throws (runs detached). */
  private async recordQuoteProblem(jobId: string, shopId: string, printerId: string, detail: string): Promise<void> {
    await this.quotes.recordProblem({ jobId, shopId, printerId, detail, at: nowIso() }).catch((error: unknown) => this.log.warn({ jobId, err: error }, "could not record the bridge's quote refusal"));
  }

  private async refuseNonCommercial(job: Job, priceCents: number): Promise<void> {
    if (priceCents <= 0) return;
    const design = await this.designs.get(job.designId);
    if (!design || licenseAllowsCommercialUse(design.license) || design.authorId === job.makerId) return;
    throw new HttpError(
      400,
      "non-commercial-license",
      `'${design.title}' is licensed ${design.license}, which forbids commercial use: a shop may not print it for a price. Quote it at 0, or ask the designer (${design.authorName}) to print it or to allow it.`,
    );
  }

  /** The file the shop prints: the one asked for, else the primary mesh (sliced for the shop's printer), else the newest G-code. */
  private async chooseFile(design: Design, fileId: string | undefined): Promise<StoredDesignFile> {
    if (fileId) {
      const file = await this.designs.findFile(design.id, fileId);
      if (!file) throw notFound("file", `Design '${design.id}' has no file '${fileId}'. GET /api/designs/${design.id} lists its files.`);
      return file;
    }
    const mesh = primaryMesh(design.files);
    const file = mesh ? await this.designs.findFile(design.id, mesh.id) : await this.designs.newestGcode(design.id);
    if (!file) throw new HttpError(409, "nothing-to-print", `Design '${design.title}' has neither a model nor G-code to print.`);
    return file;
  }

  private async job(id: string): Promise<Job> {
    const job = await this.jobs.get(id);
    if (!job) throw notFound("job", `There is no job '${id}'. GET /api/jobs lists your jobs.`);
    return job;
  }
}

/** Open jobs a board considers, oldest first (each costs a few map lookups once its design is read). */
const BOARD_JOBS = 2000;

/**
 * Whether a job is offered to a shop, before its printers are asked: sent to it, or open and
 * within reach — of the point the maker gave, else of the maker's own shop (`makerShop`); open
 * with neither, to every shop. The maker's own shop is excluded by the callers.
 */
function offeredTo(job: JobWithoutHistory, shop: Shop, makerShop: LatLon | undefined): boolean {
  const target = job.target;
  if (target?.kind === "shop") return target.shopId === shop.id;
  if (target?.kind !== "open") return true;
  const origin = target.near ?? makerShop;
  return !origin || distanceKm(origin, shop) <= target.withinKm;
}

function groupByOwner(printers: readonly PrinterRecord[]): Map<string, PrinterRecord[]> {
  const byOwner = new Map<string, PrinterRecord[]>();
  for (const printer of printers) {
    const list = byOwner.get(printer.ownerId);
    if (list) list.push(printer);
    else byOwner.set(printer.ownerId, [printer]);
  }
  return byOwner;
}

function offerFor(job: JobWithoutHistory, needs: JobNeeds, license: string, printers: readonly PrinterRecord[]): JobOffer {
  return {
    jobId: job.id,
    designId: job.designId,
    designTitle: job.designTitle,
    license,
    material: job.material,
    colour: job.colour ?? null,
    quantity: job.quantity,
    notes: job.notes ?? null,
    size: needs.size,
    hasGcode: needs.hasGcode,
    printerIds: printers.map((p) => p.id),
    state: job.state,
    quoted: false,
    createdAt: job.createdAt,
  };
}

export function formatPrice(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}
