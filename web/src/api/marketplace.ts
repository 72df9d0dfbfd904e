/**
 * Typed access to the hub's marketplace routes (issue #5): shop profiles, the shop list, the job
 * board, quotes, accepting one, reviews, and the printer's "bed is clear" confirmation. Answers
 * are validated against the protocol's schemas like every other api/*.ts module.
 */
import {
  JobBoardSchema,
  JobSchema,
  PrinterSchema,
  QuoteListSchema,
  QuoteSchema,
  ReviewSchema,
  ShopListSchema,
  ShopSchema,
  type CreateReview,
  type Job,
  type JobOffer,
  type LatLon,
  type Printer,
  type Quote,
  type Review,
  type Shop,
  type ShopListing,
  type ShopProfileInput,
  type SubmitQuote,
} from "@peerfab/protocol";
import { z } from "zod";
import { ApiRequestError, request } from "./client.ts";

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const id = (value: string) => encodeURIComponent(value);

/** `GET /api/shops/me`: the caller's shop, or null when they have none yet. */
export async function getMyShop(): Promise<Shop | null> {
  try {
    return await request("/api/shops/me", ShopSchema);
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) return null;
    throw error;
  }
}

/** `PUT /api/shops/me`: creates or replaces the caller's shop profile (coordinates come back rounded). */
export function saveMyShop(profile: ShopProfileInput): Promise<Shop> {
  return request("/api/shops/me", ShopSchema, json("PUT", profile));
}

/** `GET /api/shops?near=&km=&material=`: nearest first when `near` is given, each with its printers for remote jobs. */
export async function findShops(query: { near?: LatLon; km?: number; material?: string }): Promise<ShopListing[]> {
  const params = new URLSearchParams();
  if (query.near) params.set("near", `${query.near.latitude},${query.near.longitude}`);
  if (query.km !== undefined) params.set("km", String(query.km));
  if (query.material) params.set("material", query.material);
  return (await request(`/api/shops?${params}`, ShopListSchema)).shops;
}

/** `GET /api/jobs/board`: the open jobs the caller's shop printers can make. */
export async function jobBoard(): Promise<JobOffer[]> {
  return (await request("/api/jobs/board", JobBoardSchema)).offers;
}

/** `GET /api/jobs/:id/quotes`: all quotes for the maker, its own for a shop. */
export async function listQuotes(jobId: string): Promise<Quote[]> {
  return (await request(`/api/jobs/${id(jobId)}/quotes`, QuoteListSchema)).quotes;
}

/** `POST /api/jobs/:id/quotes` (a shop): without `priceCents` the hub prices it by the shop's rules. */
export function submitQuote(jobId: string, quote: SubmitQuote): Promise<Quote> {
  return request(`/api/jobs/${id(jobId)}/quotes`, QuoteSchema, json("POST", quote));
}

/** `POST /api/jobs/:id/quotes/:quoteId/accept` (the maker): the job goes to that shop's printer. */
export function acceptQuote(jobId: string, quoteId: string): Promise<Job> {
  return request(`/api/jobs/${id(jobId)}/quotes/${id(quoteId)}/accept`, JobSchema, json("POST", {}));
}

/** `POST /api/jobs/:id/review` (the maker, once, after a shop's job completed or failed). */
export function reviewJob(jobId: string, review: CreateReview): Promise<Review> {
  return request(`/api/jobs/${id(jobId)}/review`, ReviewSchema, json("POST", review));
}

/** `GET /api/shops/:id/reviews`. */
export async function shopReviews(shopId: string): Promise<Review[]> {
  return (await request(`/api/shops/${id(shopId)}/reviews`, z.object({ reviews: z.array(ReviewSchema) }))).reviews;
}

/** `POST /api/printers/:id/bed-clear` (the printer's operator): the next job may start. */
export function confirmBedClear(printerId: string): Promise<Printer> {
  return request(`/api/printers/${id(printerId)}/bed-clear`, PrinterSchema, json("POST", {}));
}
