/** Reviews of shops by makers, one per job (a unique index on job_id enforces it). */
import type { Review } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import type { ReviewsTable } from "../db/schema.ts";

export class ReviewAlreadyExistsError extends Error {}

export class ReviewRepository {
  constructor(private readonly db: Db) {}

  async insert(review: ReviewsTable): Promise<void> {
    const existing = await this.db.selectFrom("reviews").select("id").where("job_id", "=", review.job_id).executeTakeFirst();
    if (existing) throw new ReviewAlreadyExistsError(review.job_id);
    await this.db.insertInto("reviews").values(review).execute();
  }

  async forJob(jobId: string): Promise<Review | undefined> {
    const row = await this.query().where("reviews.job_id", "=", jobId).executeTakeFirst();
    return row ? toReview(row) : undefined;
  }

  async forShop(shopId: string, limit = 50): Promise<Review[]> {
    return (await this.query().where("reviews.shop_id", "=", shopId).orderBy("reviews.id", "desc").limit(limit).execute()).map(toReview);
  }

  private query() {
    return this.db.selectFrom("reviews").innerJoin("users", "users.id", "reviews.maker_id").selectAll("reviews").select("users.display_name as maker_name");
  }
}

function toReview(row: ReviewsTable & { maker_name: string }): Review {
  return { id: row.id, jobId: row.job_id, shopId: row.shop_id, makerName: row.maker_name, stars: row.stars, text: row.text, createdAt: row.created_at };
}
