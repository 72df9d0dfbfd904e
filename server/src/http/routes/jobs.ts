import { CreateJobSchema, describeZodError } from "@peerfab/protocol";
import express from "express";
import { HttpError } from "../../errors.ts";
import type { JobQueue } from "../../services/job-queue.ts";
import { bearerUser, currentUser } from "../current-user.ts";
import { sendBlob } from "../send-blob.ts";

export function jobRoutes(deps: { queue: JobQueue }) {
  const { queue } = deps;
  const router = express.Router();

  router.post("/", async (req, res) => {
    const parsed = CreateJobSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new HttpError(400, "invalid-job", `The job request is invalid — ${describeZodError(parsed.error)}. Send JSON like {"designId": "…", "printerId": "…"}.`);
    }
    res.status(201).json(await queue.create(currentUser(req), parsed.data));
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
