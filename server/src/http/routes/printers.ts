import express from "express";
import { notFound } from "../../errors.ts";
import type { PrinterPresence } from "../../services/printer-presence.ts";

export function printerRoutes(presence: PrinterPresence) {
  const router = express.Router();
  router.get("/", async (_req, res) => {
    res.json(await presence.list());
  });
  router.get("/:id", async (req, res) => {
    const printer = await presence.get(req.params.id);
    if (!printer) throw notFound("printer", `There is no printer '${req.params.id}'. GET /api/printers lists the registered printers.`);
    res.json(printer);
  });
  return router;
}
