/**
 * Reviews (issue #5): after a shop's job completed or failed, its maker rates the shop 1–5 stars
 * with a text, once per job. The shop's rating in listings is the average of its reviews.
 */
import type { CreateReview, Review } from "@peerfab/protocol";
import { HttpError, notFound } from "../errors.ts";
import { newId, nowIso } from "../ids.ts";
import type { JobRepository } from "../repositories/jobs.ts";
import { ReviewAlreadyExistsError, type ReviewRepository } from "../repositories/reviews.ts";
import type { User } from "../repositories/users.ts";

export class Reviews {
  constructor(
    private readonly jobs: JobRepository,
    private readonly reviews: ReviewRepository,
  ) {}

  async review(caller: User, jobId: string, body: CreateReview): Promise<Review> {
    const job = await this.jobs.get(jobId);
    if (!job) throw notFound("job", `There is no job '${jobId}'. GET /api/jobs lists your jobs.`);
    if (job.makerId !== caller.id) throw new HttpError(403, "not-your-job", `Only the maker of job '${jobId}' can review the shop that printed it.`);
    if (!job.shopId) throw new HttpError(409, "no-shop", `Job '${jobId}' was printed on your own printer; there is no shop to review.`);
    if (job.state !== "completed" && job.state !== "failed") {
      throw new HttpError(409, "not-finished", `Job '${jobId}' is ${job.state}; review the shop once it has completed or failed.`);
    }
    try {
      await this.reviews.insert({ id: newId("rev"), job_id: job.id, shop_id: job.shopId, maker_id: caller.id, stars: body.stars, text: body.text, created_at: nowIso() });
    } catch (error) {
      if (error instanceof ReviewAlreadyExistsError) throw new HttpError(409, "already-reviewed", `You have reviewed job '${jobId}' already; there is one review per job.`);
      throw error;
    }
    const review = await this.reviews.forJob(job.id);
    if (!review) throw new Error(`review of job ${jobId} vanished right after it was stored`);
    return review;
  }

  forShop(shopId: string): Promise<Review[]> {
    return this.reviews.forShop(shopId);
  }
}
