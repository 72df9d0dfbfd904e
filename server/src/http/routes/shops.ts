/**
 * `/api/shops`: your shop profile (`/me`), the shop list near a point, one shop and its reviews.
 * The list and one shop carry the shop's printers for remote jobs (their public part only).
 */
import { describeZodError, ShopProfileInputSchema, ShopQuerySchema } from "@peerfab/protocol";
import express from "express";
import { HttpError, notFound } from "../../errors.ts";
import type { PrinterPresence } from "../../services/printer-presence.ts";
import type { Reviews } from "../../services/reviews.ts";
import type { ShopDirectory } from "../../services/shop-directory.ts";
import { withShopPrinters } from "../../services/shop-printers.ts";
import { currentUser } from "../current-user.ts";

export function shopRoutes(deps: { shops: ShopDirectory; reviews: Reviews; presence: PrinterPresence }) {
  const { shops, reviews, presence } = deps;
  const router = express.Router();

  router.put("/me", async (req, res) => {
    const user = currentUser(req);
    const parsed = ShopProfileInputSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new HttpError(400, "invalid-shop", `The shop profile is invalid — ${describeZodError(parsed.error)}. Send displayName, city, latitude, longitude, materials, colours, pricing {perHour, perGram, minimumOrder} and turnaroundDays.`);
    }
    res.json(await shops.save(user, parsed.data));
  });

  router.get("/me", async (req, res) => {
    res.json(await shops.mine(currentUser(req)));
  });

  router.get("/", async (req, res) => {
    const parsed = ShopQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, "invalid-query", `The shop query is invalid — ${describeZodError(parsed.error)}.`);
    res.json({ shops: await withShopPrinters(presence, await shops.find(parsed.data)) });
  });

  router.get("/:id", async (req, res) => {
    const shop = await shops.get(req.params.id);
    if (!shop) throw notFound("shop", `There is no shop '${req.params.id}'. GET /api/shops lists the shops.`);
    const [listed] = await withShopPrinters(presence, [shop]);
    res.json(listed);
  });

  router.get("/:id/reviews", async (req, res) => {
    res.json({ reviews: await reviews.forShop(req.params.id) });
  });

  return router;
}
