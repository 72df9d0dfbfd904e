/**
 * The marketplace (issue #5): shop profiles with price rules, job targets, quotes, reviews and
 * verified makes — the schemas — and the pure rules the hub applies to them: coordinates rounded
 * to about 1 km, great-circle distance, whether a printer can make a job (the model's fit is
 * build-volume-fit.ts), and a quote's price from a shop's rules.
 */
import { z } from "zod";
import type { BoundingBox, Vec3 } from "./designs.ts";
import { type PrinterCapabilities, PrinterCapabilitiesSchema } from "./printers.ts";
import { fitsBuildVolume } from "./build-volume-fit.ts";
import { canTakeJob } from "./slicing.ts";

/** Coordinates are kept and shown rounded to 0.01° (about 1.1 km north–south): never the exact place. */
export const COORDINATE_STEP_DEGREES = 0.01;

export function roundCoordinate(degrees: number): number {
  return Math.round(degrees / COORDINATE_STEP_DEGREES) * COORDINATE_STEP_DEGREES;
}

export interface LatLon {
  latitude: number;
  longitude: number;
}

/** The mean Earth radius (IUGG) the distances use. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km (haversine). */
export function haversineKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The size of a bounding box along x, y and z. */
export function boxSize(bbox: BoundingBox): Vec3 {
  return { x: bbox.max.x - bbox.min.x, y: bbox.max.y - bbox.min.y, z: bbox.max.z - bbox.min.z };
}

/** What a job needs from a printer. `size` is null when the hub knows no bounding box (G-code only). */
export interface JobNeeds {
  size: Vec3 | null;
  material: string;
  hasGcode: boolean;
}

export type MatchResult = { ok: true } | { ok: false; reason: string };

const sameMaterial = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether `material` is among `materials` (a printer's loaded or a shop's offered), ignoring case and spaces. */
export function hasMaterial(materials: readonly string[], material: string): boolean {
  return materials.some((m) => sameMaterial(m, material));
}

/** The capabilities `printerCanMake` looks at: a registered printer's, or a shop listing's public ones. */
export type MatchableCapabilities = Pick<PrinterCapabilities, "acceptsRemoteJobs" | "buildVolume" | "materials" | "slicer">;

/**
 * Whether a shop's printer can make a job: it takes remote jobs, the model fits, the material is
 * offered (by the printer and, when given, by the shop), and a mesh-only job needs a slicer.
 */
export function printerCanMake(capabilities: MatchableCapabilities, needs: JobNeeds, shopMaterials?: readonly string[]): MatchResult {
  if (!capabilities.acceptsRemoteJobs) return { ok: false, reason: "the printer does not accept remote jobs" };
  if (needs.size && !fitsBuildVolume(needs.size, capabilities.buildVolume)) {
    const v = capabilities.buildVolume;
    return { ok: false, reason: `the model does not fit the ${v.x} × ${v.y} × ${v.z} mm build volume in any orientation` };
  }
  if (!hasMaterial(capabilities.materials, needs.material)) return { ok: false, reason: `the printer has no ${needs.material} loaded` };
  if (shopMaterials && !hasMaterial(shopMaterials, needs.material)) return { ok: false, reason: `the shop does not offer ${needs.material}` };
  if (!canTakeJob(capabilities, { hasGcode: needs.hasGcode })) return { ok: false, reason: "the printer's bridge has no slicer, and the job comes without G-code" };
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// shops
// ---------------------------------------------------------------------------------------------

const MaterialNameSchema = z.string().trim().min(1).max(40);

/** A shop's price rules, in its currency: per print hour, per gram of filament, a minimum per order. */
export const PriceRulesSchema = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "an ISO 4217 code like EUR")
    .default("EUR"),
  perHour: z.number().nonnegative().max(10_000),
  perGram: z.number().nonnegative().max(1_000),
  minimumOrder: z.number().nonnegative().max(100_000),
});
export type PriceRules = z.infer<typeof PriceRulesSchema>;

/** Body of `PUT /api/shops/me`. Exact coordinates are rounded to 0.01° before they are stored. */
export const ShopProfileInputSchema = z.object({
  displayName: z.string().trim().min(1).max(100),
  city: z.string().trim().min(1).max(100),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  materials: z.array(MaterialNameSchema).min(1).max(30),
  colours: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  pricing: PriceRulesSchema,
  /** Working days from acceptance to shipping. */
  turnaroundDays: z.number().int().min(0).max(365),
});
export type ShopProfileInput = z.infer<typeof ShopProfileInputSchema>;

/** A shop as anyone sees it. Its id is its owner's account id: one shop per account. */
export const ShopSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  city: z.string(),
  /** Rounded to 0.01°. */
  latitude: z.number(),
  longitude: z.number(),
  materials: z.array(z.string()),
  colours: z.array(z.string()),
  pricing: PriceRulesSchema,
  turnaroundDays: z.number().int(),
  /** Average stars of the shop's reviews; null before the first. */
  rating: z.object({ average: z.number().nullable(), count: z.number().int().nonnegative() }),
  /** From the `near` point of `GET /api/shops`, when one was given. */
  distanceKm: z.number().nullable().optional(),
  updatedAt: z.string(),
});
export type Shop = z.infer<typeof ShopSchema>;

/**
 * A shop's printer as anyone signed in sees it in the shop list (issue #6): only printers that take
 * remote jobs, and only what a maker needs to judge whether it can make a design — build volume,
 * nozzle, materials loaded, slicer, online or not. Never its bridge, serial port, firmware or status.
 */
export const ShopPrinterSchema = z.object({
  id: z.string(),
  name: z.string(),
  capabilities: PrinterCapabilitiesSchema.pick({ buildVolume: true, nozzleDiameter: true, materials: true, acceptsRemoteJobs: true, slicer: true }),
  /** A bridge holds the printer now; an offline printer still gets jobs, it starts them when back. */
  online: z.boolean(),
});
export type ShopPrinter = z.infer<typeof ShopPrinterSchema>;

/** A shop in `GET /api/shops` and `GET /api/shops/:id`: its profile with its printers for remote jobs. */
export const ShopListingSchema = ShopSchema.extend({ printers: z.array(ShopPrinterSchema) });
export type ShopListing = z.infer<typeof ShopListingSchema>;

export const ShopListSchema = z.object({ shops: z.array(ShopListingSchema) });
export type ShopList = z.infer<typeof ShopListSchema>;

/** Query of `GET /api/shops`: `near=lat,lon` and `km` (default 50) filter and sort by distance. */
export const ShopQuerySchema = z.object({
  near: z
    .string()
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, "near is 'latitude,longitude', e.g. 48.14,11.58")
    .optional(),
  km: z.coerce.number().positive().max(20_000).default(50),
  material: MaterialNameSchema.optional(),
});
export type ShopQuery = z.infer<typeof ShopQuerySchema>;

// ---------------------------------------------------------------------------------------------
// job targets and quotes
// ---------------------------------------------------------------------------------------------

/** Where a job goes: one of my printers, a chosen shop, or any shop within `withinKm` of my shop location. */
export const JobTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("printer"), printerId: z.string().min(1) }),
  z.object({ kind: z.literal("shop"), shopId: z.string().min(1) }),
  z.object({ kind: z.literal("open"), withinKm: z.number().positive().max(20_000), near: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional() }),
]);
export type JobTarget = z.infer<typeof JobTargetSchema>;

/** A price in the smallest unit of the currency (cents). */
const CentsSchema = z.number().int().nonnegative().max(100_000_000);

/** Price from a shop's rules: (hours × per hour + grams × per gram) × quantity, at least the minimum order; in cents. */
export function quotePriceCents(rules: PriceRules, printSeconds: number, filamentGrams: number, quantity: number): number {
  const each = (printSeconds / 3600) * rules.perHour + filamentGrams * rules.perGram;
  return Math.round(Math.max(rules.minimumOrder, each * quantity) * 100);
}

export const QUOTE_STATES = ["offered", "accepted", "closed"] as const;

export const QuoteSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  shopId: z.string(),
  shopName: z.string(),
  printerId: z.string(),
  printerName: z.string(),
  priceCents: CentsSchema,
  currency: z.string(),
  /** For one piece, from the sliced G-code (or the shop's estimate). */
  printSeconds: z.number().int().nonnegative(),
  filamentGrams: z.number().nonnegative(),
  note: z.string().nullable(),
  /** `bridge`: sliced by the shop's bridge and priced by the hub; `shop`: submitted or adjusted by the shop. */
  source: z.enum(["bridge", "shop"]),
  state: z.enum(QUOTE_STATES),
  createdAt: z.string(),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const QuoteListSchema = z.object({ quotes: z.array(QuoteSchema) });
export type QuoteList = z.infer<typeof QuoteListSchema>;

/** Body of `POST /api/jobs/:id/quotes` (the shop). Without `priceCents` the hub prices it from the shop's rules. */
export const SubmitQuoteSchema = z.object({
  printerId: z.string().min(1),
  printSeconds: z.number().int().nonnegative().max(365 * 24 * 3600),
  filamentGrams: z.number().nonnegative().max(100_000),
  priceCents: CentsSchema.optional(),
  note: z.string().trim().max(2000).optional(),
});
export type SubmitQuote = z.infer<typeof SubmitQuoteSchema>;

/** An open job as a shop's job board shows it: which of the shop's printers can make it, and how far the maker is. */
export const JobOfferSchema = z.object({
  jobId: z.string(),
  designId: z.string(),
  designTitle: z.string(),
  license: z.string(),
  material: z.string(),
  colour: z.string().nullable(),
  quantity: z.number().int(),
  notes: z.string().nullable(),
  /** Model size in mm (x, y, z), when known. */
  size: z.object({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
  hasGcode: z.boolean(),
  printerIds: z.array(z.string()),
  state: z.string(),
  /** Whether this shop already quoted it. */
  quoted: z.boolean(),
  /** Why this shop's bridge did not quote it (its refusal, e.g. the model is too big), or null. */
  quoteProblem: z.string().nullable().optional(),
  createdAt: z.string(),
});
export type JobOffer = z.infer<typeof JobOfferSchema>;

/**
 * A job a shop was offered left the market (the maker cancelled it, or accepted another shop's
 * quote): its board drops it. Only the id and the new state, nothing else about the job.
 */
export const JobWithdrawnSchema = z.object({ jobId: z.string(), state: z.string() });
export type JobWithdrawn = z.infer<typeof JobWithdrawnSchema>;

export const JobBoardSchema = z.object({ offers: z.array(JobOfferSchema) });
export type JobBoard = z.infer<typeof JobBoardSchema>;

// ---------------------------------------------------------------------------------------------
// reviews and verified makes
// ---------------------------------------------------------------------------------------------

/** Body of `POST /api/jobs/:id/review`: once per job, by its maker, after it completed or failed. */
export const CreateReviewSchema = z.object({
  stars: z.number().int().min(1).max(5),
  text: z.string().trim().max(2000).default(""),
});
export type CreateReview = z.infer<typeof CreateReviewSchema>;

export const ReviewSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  shopId: z.string(),
  makerName: z.string(),
  stars: z.number().int().min(1).max(5),
  text: z.string(),
  createdAt: z.string(),
});
export type Review = z.infer<typeof ReviewSchema>;

/** A completed job on a design: proof someone made it, on which printer, in which material. */
export const VerifiedMakeSchema = z.object({
  printerName: z.string(),
  material: z.string(),
  at: z.string(),
  makerName: z.string(),
});
export type VerifiedMake = z.infer<typeof VerifiedMakeSchema>;

// ---------------------------------------------------------------------------------------------
// hub ↔ bridge: quotes sliced by the shop's bridge
// ---------------------------------------------------------------------------------------------

/** The hub asks a shop's bridge for print time and filament of a job on one of its printers. */
export const QuoteRequestSchema = z.object({
  jobId: z.string().min(1),
  printerId: z.string().min(1),
  quantity: z.number().int().positive(),
  slice: z.object({
    modelPath: z.string().startsWith("/"),
    modelSha256: z.string().regex(/^[0-9a-f]{64}$/),
    fileName: z.string().min(1).max(255),
    material: z.string().trim().min(1).max(40),
    quality: z.enum(["draft", "normal", "fine"]),
  }),
});
export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;

/** The bridge's answer: what the slicer says one piece takes. */
export const QuoteEstimateSchema = z.object({
  printSeconds: z.number().int().nonnegative(),
  filamentGrams: z.number().nonnegative(),
});
export type QuoteEstimate = z.infer<typeof QuoteEstimateSchema>;
