import { CreateJobSchema, describeZodError } from "@peerfab/protocol";
import express from "express";
import { HttpError } from "../../errors.ts";
import type { AccountService } from "../../services/accounts.ts";
import type { JobQueue } from "../../services/job-queue.ts";
import { bearerUser, currentUser } from "../current-user.ts";
import { sendBlob } from "../send-blob.ts";

export function jobRoutes(deps: { queue: JobQueue; accounts: AccountService }) {
  const { queue, accounts } = deps;
  const router = express.Router();

  router.post("/", async (req, res) => {
    const parsed = CreateJobSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new HttpError(400, "invalid-job", `The job request is invalid — ${describeZodError(parsed.error)}. Send JSON like {"designId": "…", "printerId": "…"}.`);
    }
    res.status(201).json(await queue.create(currentUser(req), parsed.data));
  });

  router.get("/", async (_req, res) => {
    res.json({ jobs: await queue.list() });
  });

  router.get("/:id", async (req, res) => {
    res.json(await queue.get(req.params.id));
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

  router.get("/:id/gcode", async (req, res) => {
    const owner = await bearerUser(req, accounts);
    const { file, body } = await queue.gcodeForBridge(owner, req.params.id);
    await sendBlob(req, res, { ...file, contentType: "text/x.gcode" }, body);
  });

  return router;
}
