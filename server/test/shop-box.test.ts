/**
 * services/shop-directory.ts `boxAround`: the coordinate box the shop search asks SQL for holds
 * every rounded point that `distanceKm` puts within reach — near the poles, across the
 * antimeridian, for radii from a street to half the Earth — and is not everything for a city.
 */
import { describe, expect, it } from "vitest";
import { roundCoordinate, type LatLon } from "@peerfab/protocol";
import { boxAround, distanceKm } from "../src/services/shop-directory.ts";
import type { CoordinateBox } from "../src/repositories/shops.ts";
import { seededRandom } from "./seeded-random.ts";

/** The point `km` from `from` on a bearing (spherical destination formula), rounded as shops are stored. */
function destination(from: LatLon, bearingDeg: number, km: number): LatLon {
  const rad = Math.PI / 180;
  const d = km / 6371.0088;
  const [lat1, lon1, b] = [from.latitude * rad, from.longitude * rad, bearingDeg * rad];
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  const longitude = ((((lon2 / rad + 540) % 360) + 360) % 360) - 180;
  return { latitude: roundCoordinate(lat2 / rad), longitude: roundCoordinate(longitude) };
}

function inBox(box: CoordinateBox, p: LatLon): boolean {
  if (p.latitude < box.minLatitude || p.latitude > box.maxLatitude) return false;
  return box.longitudes === null || box.longitudes.some(([min, max]) => p.longitude >= min && p.longitude <= max);
}

describe("boxAround", () => {
  it("holds every point within reach, around the globe and at its edges", () => {
    const rnd = seededRandom(7);
    const origins: LatLon[] = [
      { latitude: 48.137, longitude: 11.575 },
      { latitude: 89.95, longitude: 20 },
      { latitude: -89.2, longitude: -120 },
      { latitude: 65.3, longitude: 179.97 },
      { latitude: -16.5, longitude: -179.99 },
      { latitude: 0, longitude: 0 },
      ...Array.from({ length: 40 }, () => ({ latitude: -90 + rnd() * 180, longitude: -180 + rnd() * 360 })),
    ];
    let inside = 0;
    for (const origin of origins) {
      for (const km of [0.5, 1, 7, 50, 300, 2_500, 12_000, 19_000]) {
        const box = boxAround(origin, km);
        for (let i = 0; i < 300; i++) {
          // Points around the circle's edge, inside and out, rounded to 0.01° like stored shops.
          const point = destination(origin, rnd() * 360, km * (0.8 + rnd() * 0.4));
          if (distanceKm(origin, point) > km) continue;
          inside++;
          expect(inBox(box, point), `${JSON.stringify(point)} is ${distanceKm(origin, point)} km from ${JSON.stringify(origin)} (limit ${km})`).toBe(true);
        }
      }
    }
    expect(inside).toBeGreaterThan(10_000);
  });

  it("narrows a city search to a band of latitude and longitude", () => {
    const box = boxAround({ latitude: 48.137, longitude: 11.575 }, 50);
    expect(box.maxLatitude - box.minLatitude).toBeLessThan(1);
    expect(box.longitudes).toHaveLength(1);
    const [[west, east] = [NaN, NaN]] = box.longitudes ?? [];
    expect(east - west).toBeLessThan(1.5);
    expect(inBox(box, { latitude: 52.52, longitude: 13.4 })).toBe(false);
  });

  it("splits the longitudes at the antimeridian and drops them at a pole", () => {
    expect(boxAround({ latitude: 65.3, longitude: 179.97 }, 30).longitudes).toHaveLength(2);
    expect(boxAround({ latitude: 89.95, longitude: 20 }, 30).longitudes).toBeNull();
  });
});
