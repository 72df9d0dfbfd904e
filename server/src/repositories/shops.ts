/** Shop profiles in the database (issue #5), with each shop's review average. Coordinates arrive rounded. */
import type { PriceRules, Shop, ShopProfileInput } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import type { ShopsTable } from "../db/schema.ts";

type ShopRow = ShopsTable & { rating_average: number | null; rating_count: number | null };

/** A latitude band and the longitude ranges within it, in degrees (see ShopDirectory.within). */
export interface CoordinateBox {
  minLatitude: number;
  maxLatitude: number;
  longitudes: readonly (readonly [number, number])[] | null;
}

export class ShopRepository {
  constructor(private readonly db: Db) {}

  async upsert(ownerId: string, profile: ShopProfileInput, updatedAt: string): Promise<void> {
    const values = {
      display_name: profile.displayName,
      city: profile.city,
      latitude: profile.latitude,
      longitude: profile.longitude,
      materials_json: JSON.stringify(profile.materials),
      colours_json: JSON.stringify(profile.colours),
      pricing_json: JSON.stringify(profile.pricing),
      turnaround_days: profile.turnaroundDays,
      updated_at: updatedAt,
    };
    await this.db
      .insertInto("shops")
      .values({ owner_id: ownerId, ...values })
      .onConflict((oc) => oc.column("owner_id").doUpdateSet(values))
      .execute();
  }

  async get(ownerId: string): Promise<Shop | undefined> {
    const row = await this.query().where("shops.owner_id", "=", ownerId).executeTakeFirst();
    return row ? toShop(row) : undefined;
  }

  /** Every shop, by owner id. */
  async list(): Promise<Shop[]> {
    return (await this.query().orderBy("shops.owner_id").execute()).map(toShop);
  }

  /**
   * The shops whose (rounded) coordinates lie in the box, by owner id: a cheap prefilter in SQL,
   * so a distance search reads the shops near a point instead of every shop. `longitudes` null:
   * any longitude (the box reaches a pole); two ranges when it crosses the antimeridian.
   */
  async listInBox(box: CoordinateBox): Promise<Shop[]> {
    let query = this.query().where("shops.latitude", ">=", box.minLatitude).where("shops.latitude", "<=", box.maxLatitude);
    const ranges = box.longitudes;
    if (ranges) query = query.where((eb) => eb.or(ranges.map(([min, max]) => eb.and([eb("shops.longitude", ">=", min), eb("shops.longitude", "<=", max)]))));
    return (await query.orderBy("shops.owner_id").execute()).map(toShop);
  }

  /** The shops of these owners (those that have one), in one query per 500 owners. */
  async listByOwners(ownerIds: readonly string[]): Promise<Shop[]> {
    const shops: Shop[] = [];
    for (let i = 0; i < ownerIds.length; i += 500) {
      shops.push(...(await this.query().where("shops.owner_id", "in", ownerIds.slice(i, i + 500)).execute()).map(toShop));
    }
    return shops;
  }

  private query() {
    return this.db
      .selectFrom("shops")
      .leftJoin(
        (eb) => eb.selectFrom("reviews").select(["shop_id", (e) => e.fn.avg<number>("stars").as("average"), (e) => e.fn.countAll<number>().as("count")]).groupBy("shop_id").as("r"),
        (join) => join.onRef("r.shop_id", "=", "shops.owner_id"),
      )
      .selectAll("shops")
      .select(["r.average as rating_average", "r.count as rating_count"]);
  }
}

function toShop(row: ShopRow): Shop {
  return {
    id: row.owner_id,
    displayName: row.display_name,
    city: row.city,
    latitude: row.latitude,
    longitude: row.longitude,
    materials: JSON.parse(row.materials_json) as string[],
    colours: JSON.parse(row.colours_json) as string[],
    pricing: JSON.parse(row.pricing_json) as PriceRules,
    turnaroundDays: row.turnaround_days,
    rating: { average: row.rating_average === null ? null : Math.round(Number(row.rating_average) * 10) / 10, count: Number(row.rating_count ?? 0) },
    updatedAt: row.updated_at,
  };
}
