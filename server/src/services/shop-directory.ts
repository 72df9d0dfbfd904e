/**
 * Shop profiles (issue #5): each account may run one shop — name, approximate location, materials,
 * colours, price rules, turnaround. Coordinates are rounded to 0.01° (about 1 km) before they are
 * stored, so the exact place is never kept nor shown; distances use the rounded points.
 */
import { haversineKm, type LatLon, roundCoordinate, type Shop, type ShopProfileInput, type ShopQuery } from "@peerfab/protocol";
import { notFound } from "../errors.ts";
import { nowIso } from "../ids.ts";
import type { ShopRepository } from "../repositories/shops.ts";
import type { User } from "../repositories/users.ts";

export class ShopDirectory {
  constructor(private readonly shops: ShopRepository) {}

  async save(owner: User, profile: ShopProfileInput): Promise<Shop> {
    await this.shops.upsert(owner.id, { ...profile, latitude: roundCoordinate(profile.latitude), longitude: roundCoordinate(profile.longitude) }, nowIso());
    return this.mine(owner);
  }

  async mine(owner: User): Promise<Shop> {
    const shop = await this.shops.get(owner.id);
    if (!shop) throw notFound("shop", "You have no shop profile yet. Create one with PUT /api/shops/me (on the Shop page of the web app).");
    return shop;
  }

  get(id: string): Promise<Shop | undefined> {
    return this.shops.get(id);
  }

  /** Shops, nearest first within `km` of `near` when given; else all, by name. */
  async find(query: ShopQuery): Promise<Shop[]> {
    let shops = await this.shops.list();
    if (query.material) {
      const wanted = query.material.toLowerCase();
      shops = shops.filter((s) => s.materials.some((m) => m.toLowerCase() === wanted));
    }
    const near = parseNear(query.near);
    if (!near) return shops.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return shops
      .map((shop) => ({ ...shop, distanceKm: distanceKm(near, shop) }))
      .filter((shop) => shop.distanceKm <= query.km)
      .sort((a, b) => a.distanceKm - b.distanceKm);
  }
}

/** Distance between rounded points, itself rounded to 0.1 km. */
export function distanceKm(from: LatLon, shop: LatLon): number {
  const a = { latitude: roundCoordinate(from.latitude), longitude: roundCoordinate(from.longitude) };
  return Math.round(haversineKm(a, shop) * 10) / 10;
}

function parseNear(near: string | undefined): LatLon | null {
  if (!near) return null;
  const [latitude, longitude] = near.split(",").map(Number);
  return latitude === undefined || longitude === undefined ? null : { latitude, longitude };
}
