/**
 * The shop list's printers (issue #6): for each shop, the printers that take remote jobs with what
 * a maker needs to judge whether one can make a design — build volume, nozzle, materials loaded,
 * slicer, online or offline — and nothing else (no bridge, serial port, firmware, temperatures or
 * the job it is printing). One query for the printers of every shop listed.
 */
import type { Printer, Shop, ShopListing, ShopPrinter } from "@peerfab/protocol";
import type { PrinterPresence } from "./printer-presence.ts";

/** The public part of one printer; `undefined` for a printer that does not take remote jobs. */
export function publicShopPrinter(printer: Printer): ShopPrinter | undefined {
  const { buildVolume, nozzleDiameter, materials, acceptsRemoteJobs, slicer } = printer.capabilities;
  if (!acceptsRemoteJobs) return undefined;
  return {
    id: printer.id,
    name: printer.name,
    capabilities: { buildVolume, nozzleDiameter, materials, acceptsRemoteJobs, slicer: slicer ?? null },
    online: printer.status.state !== "offline",
  };
}

/** The shops, in their order, each with its printers for remote jobs. */
export async function withShopPrinters(presence: PrinterPresence, shops: readonly Shop[]): Promise<ShopListing[]> {
  const byOwner = new Map<string, ShopPrinter[]>();
  for (const printer of await presence.listOwnedByAny(shops.map((s) => s.id))) {
    const shown = publicShopPrinter(printer);
    if (!shown) continue;
    const list = byOwner.get(printer.ownerId) ?? [];
    list.push(shown);
    byOwner.set(printer.ownerId, list);
  }
  return shops.map((shop) => ({ ...shop, printers: byOwner.get(shop.id) ?? [] }));
}
