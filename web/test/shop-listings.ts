/**
 * Shops as `GET /api/shops` lists them, for tests of the print dialog's shop choice: a printer of a
 * given build volume and a shop in Munich around a set of printers, each with what a test changes.
 */
import type { ShopListing, ShopPrinter } from "@peerfab/protocol";

/** An online printer of `x` × `y` × `z` mm taking remote jobs in PLA and PETG, with a slicer; `overrides` change it. */
export function shopPrinter(name: string, x: number, y: number, z: number, overrides: Partial<ShopPrinter["capabilities"]> & { online?: boolean } = {}): ShopPrinter {
  const { online = true, ...capabilities } = overrides;
  return {
    id: `prn_${name.replace(/\W/g, "")}`,
    name,
    capabilities: { buildVolume: { x, y, z }, nozzleDiameter: 0.4, materials: ["PLA", "PETG"], acceptsRemoteJobs: true, slicer: { name: "PrusaSlicer", version: "2.7.0" }, ...capabilities },
    online,
  };
}

/** A shop in Munich offering `materials` on `printers`, unrated, at no known distance. */
export function shopListing(displayName: string, printers: ShopPrinter[], materials = ["PLA", "PETG"]): ShopListing {
  return {
    id: `u_${displayName.replace(/\W/g, "")}`,
    displayName,
    city: "Munich",
    latitude: 48.14,
    longitude: 11.58,
    materials,
    colours: [],
    pricing: { currency: "EUR", perHour: 2, perGram: 0.05, minimumOrder: 5 },
    turnaroundDays: 2,
    rating: { average: null, count: 0 },
    distanceKm: null,
    updatedAt: "2025-01-01T00:00:00.000Z",
    printers,
  };
}
