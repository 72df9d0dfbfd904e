import express from "express";
import { HttpError, notFound } from "../../errors.ts";
import type { BedClearance } from "../../services/bed-clearance.ts";
import type { PrinterPresence } from "../../services/printer-presence.ts";
import type { PrinterWatchers } from "../../services/printer-watchers.ts";
import { currentUser } from "../current-user.ts";

/** `/api/printers`: the caller's printers; one printer for its owner or the maker printing on it. */
export function printerRoutes(presence: PrinterPresence, watchers: PrinterWatchers, bedClearance: BedClearance) {
  const router = express.Router();
  router.get("/", async (req, res) => {
    res.json(await presence.listOwnedBy(currentUser(req).id));
  });
  router.get("/:id", async (req, res) => {
    const viewer = currentUser(req);
    const printer = await presence.get(req.params.id);
    if (!printer) throw notFound("printer", `There is no printer '${req.params.id}'. GET /api/printers lists your printers.`);
    if (!watchers.mayWatch(viewer.id, printer.id)) {
      throw new HttpError(403, "not-your-printer", `Printer '${printer.name}' is not yours: only its owner, and the maker whose job it is printing, can watch it.`);
    }
    res.json(printer);
  });
  // The operator confirms the last print was taken off the bed: the next job may start.
  router.post("/:id/bed-clear", async (req, res) => {
    res.json(await bedClearance.confirm(currentUser(req), req.params.id));
  });
  return router;
}
