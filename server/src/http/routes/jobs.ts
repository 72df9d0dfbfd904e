import { CreateJobSchema, CreateReviewSchema, describeZodError, SubmitQuoteSchema } from "@peerfab/protocol";
import express from "express";
import { HttpError } from "../../errors.ts";
import type { JobQueue } from "../../services/job-queue.ts";
import type { Marketplace } from "../../services/marketplace.ts";
import type { Reviews } from "../../services/reviews.ts";
import { bearerUser, currentUser } from "../current-user.ts";
import { sendBlob } from "../send-blob.ts";

export function jobRoutes(deps: { queue: JobQueue; marketplace: Marketplace; reviews: Reviews }) {
  const { queue, marketplace, reviews } = deps;
  const router = express.Router();

  router.post("/", async (req, res) => {
    const parsed = CreateJobSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new HttpError(400, "invalid-job", `The job request is invalid — ${describeZodError(parsed.error)}. Send JSON like {"designId": "…", "printerId": "…"}.`);
    }
    const request = parsed.data;
    const target = request.target ?? { kind: "printer" as const, printerId: request.printerId ?? "" };
    const user = currentUser(req);
    res.status(201).json(target.kind === "printer" ? await queue.create(user, request, target.printerId) : await marketplace.create(user, request, target));
  });

  // Marketplace (issue #5): the job board of the caller's shop, quotes, accepting one, reviews.
  router.get("/board", async (req, res) => {
    res.json({ offers: await marketplace.board(currentUser(req)) });
  });

  router.get("/:id/quotes", async (req, res) => {
    res.json({ quotes: await marketplace.quotesFor(currentUser(req), req.params.id) });
  });

  router.post("/:id/quotes", async (req, res) => {
    const parsed = SubmitQuoteSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new HttpError(400, "invalid-quote", `The quote is invalid — ${describeZodError(parsed.error)}. Send {"printerId", "printSeconds", "filamentGrams"} and optionally "priceCents" and "note".`);
    }
    res.status(201).json(await marketplace.submitQuote(currentUser(req), req.params.id, parsed.data));
  });

  router.post("/:id/quotes/:quoteId/accept", async (req, res) => {
    res.json(await marketplace.accept(currentUser(req), req.params.id, req.params.quoteId));
  });

  router.post("/:id/review", async (req, res) => {
    const parsed = CreateReviewSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, "invalid-review", `The review is invalid — ${describeZodError(parsed.error)}. Send {"stars": 1–5, "text": "…"}.`);
    res.status(201).json(await reviews.review(currentUser(req), req.params.id, parsed.data));
  });

  router.get("/", async (req, res) => {
    res.json({ jobs: await queue.listFor(currentUser(req)) });
  });

  router.get("/:id", async (req, res) => {
    res.json(await queue.getFor(currentUser(req), req.params.id));
  });

  router.post("/:id/cancel", async (req, res) => {
    const { job, pending } = await queue.cancel(currentUser(req), req.params.id);
    res.status(pending ? 202 : 200).json(job);
  });

  router.post("/:id/pause", async (req, res) => {
    res.status(202).json(await queue.pauseOrResume(currentUser(req), req.params.id, "pause"));
  });

  router.post("/:id/resume", async (req, res) => {
    res.status(202).json(await queue.pauseOrResume(currentUser(req), req.params.id, "resume"));
  });

  router.post("/:id/emergency-stop", async (req, res) => {
    res.status(202).json(await queue.emergencyStop(currentUser(req), req.params.id));
  });

  router.get("/:id/gcode", async (req, res) => {
    const owner = bearerUser(req);
    const { file, body } = await queue.gcodeForBridge(owner, req.params.id);
    await sendBlob(req, res, { ...file, contentType: "text/x.gcode" }, body);
  });

  return router;
}
