/**
 * Shop profiles (issue #5): each account may run one shop — name, approximate location, materials,
 * colours, price rules, turnaround. Coordinates are rounded to 0.01° (about 1 km) before they are
 * stored, so the exact place is never kept nor shown; distances use the rounded points.
 */
import { EARTH_RADIUS_KM, haversineKm, type LatLon, roundCoordinate, type Shop, type ShopProfileInput, type ShopQuery } from "@peerfab/protocol";
import { notFound } from "../errors.ts";
import { nowIso } from "../ids.ts";
import type { CoordinateBox, ShopRepository } from "../repositories/shops.ts";
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

  /** The shops of these owners that have one, by owner id. */
  async byOwner(ownerIds: readonly string[]): Promise<Map<string, Shop>> {
    return new Map((await this.shops.listByOwners([...new Set(ownerIds)])).map((shop) => [shop.id, shop]));
  }

  /** Shops, nearest first within `km` of `near` when given; else all, by name. */
  async find(query: ShopQuery): Promise<Shop[]> {
    const near = parseNear(query.near);
    let shops: Shop[] = near ? await this.within(near, query.km) : await this.shops.list();
    if (query.material) {
      const wanted = query.material.toLowerCase();
      shops = shops.filter((s) => s.materials.some((m) => m.toLowerCase() === wanted));
    }
    return near ? shops : shops.sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /**
   * The shops within `km` of `origin` (distanceKm: between rounded points, to 0.1 km), nearest
   * first. The database is asked only for the shops in a box around the circle.
   */
  async within(origin: LatLon, km: number): Promise<(Shop & { distanceKm: number })[]> {
    return (await this.shops.listInBox(boxAround(origin, km)))
      .map((shop) => ({ ...shop, distanceKm: distanceKm(origin, shop) }))
      .filter((shop) => shop.distanceKm <= km)
      .sort((a, b) => a.distanceKm - b.distanceKm);
  }
}

/**
 * A box of coordinates holding every point that `distanceKm` puts within `km` of `origin` — a
 * superset, so the exact distance still decides. The circle's latitude band is exact on a
 * sphere; its longitude half-width is asin(sin r / cos φ) (J. P. Matuschek, "Finding Points
 * Within a Distance of a Latitude/Longitude Using Bounding Coordinates"). The radius takes the
 * 0.05 km of rounding distances to 0.1 km and a hair more for floating point.
 */
export function boxAround(origin: LatLon, km: number): CoordinateBox {
  const lat0 = roundCoordinate(origin.latitude);
  const lon0 = roundCoordinate(origin.longitude);
  const angle = ((km + 0.05) * (1 + 1e-9)) / EARTH_RADIUS_KM + 1e-12;
  const deg = 180 / Math.PI;
  const minLatitude = lat0 - angle * deg;
  const maxLatitude = lat0 + angle * deg;
  const everywhere = { minLatitude: -90, maxLatitude: 90, longitudes: null };
  if (angle >= Math.PI) return everywhere;
  // The circle reaches a pole: every longitude.
  if (minLatitude <= -90 || maxLatitude >= 90) return { minLatitude: Math.max(-90, minLatitude), maxLatitude: Math.min(90, maxLatitude), longitudes: null };
  const halfWidth = Math.asin(Math.min(1, Math.sin(angle) / Math.cos(lat0 / deg))) * deg;
  const [west, east] = [lon0 - halfWidth, lon0 + halfWidth];
  // Crossing the antimeridian: one range either side of it.
  const longitudes: [number, number][] =
    west < -180 ? [[west + 360, 180], [-180, east]] : east > 180 ? [[west, 180], [-180, east - 360]] : [[west, east]];
  return { minLatitude, maxLatitude, longitudes };
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
