/**
 * `PUT /api/jobs/:id/sliced-gcode` — a bridge sends the G-code it sliced for a job (bearer token
 * of the printer's owner; body: the G-code; `Content-Digest: sha-256=:<base64>:`) — and `GET` on
 * the same path for the printer's owner and the job's maker. The rules are in
 * services/sliced-gcode-uploads.ts.
 */
import { GCODE_MEDIA_TYPE, sha256FromContentDigest } from "@peerfab/protocol";
import express from "express";
import { HttpError } from "../../errors.ts";
import type { SlicedGcodeUploads } from "../../services/sliced-gcode-uploads.ts";
import { bearerUser, currentUser } from "../current-user.ts";
import { sendBlob } from "../send-blob.ts";

/** Body types taken as G-code text (the content decides: it is checked line by line). */
const GCODE_BODY_TYPES = [GCODE_MEDIA_TYPE, "text/plain", "application/octet-stream"];

export function slicedGcodeRoutes(deps: { slicedGcode: SlicedGcodeUploads }) {
  const { slicedGcode } = deps;
  const router = express.Router();

  router.put("/:id/sliced-gcode", async (req, res) => {
    try {
      const owner = bearerUser(req);
      if (!req.is(GCODE_BODY_TYPES)) {
        throw new HttpError(415, "gcode-body-required", `Send the G-code itself as the body, with 'Content-Type: ${GCODE_MEDIA_TYPE}'.`);
      }
      const sha256 = sha256FromContentDigest(req.get("content-digest"));
      if (!sha256) {
        throw new HttpError(400, "digest-required", "State the G-code's sha256 in a 'Content-Digest: sha-256=:<base64 of the 32 bytes>:' header (RFC 9530), so the hub can tell a damaged upload.");
      }
      const length = req.get("content-length");
      const declaredBytes = length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
      const receipt = await slicedGcode.receive(owner, req.params.id, { sha256, declaredBytes, body: req });
      res.status(receipt.created ? 201 : 200).json(receipt);
    } catch (error) {
      // Refused before the whole body was read (not allowed, too large, not G-code): the connection cannot be reused.
      if (!req.complete) res.setHeader("Connection", "close");
      throw error;
    }
  });

  router.get("/:id/sliced-gcode", async (req, res) => {
    const { name, sha256, size, body } = await slicedGcode.read(currentUser(req), req.params.id);
    // Private: only the printer's owner and the maker may read it; the ETag makes a reload cheap.
    await sendBlob(req, res, { name, sha256, size, contentType: GCODE_MEDIA_TYPE }, body, { cacheControl: "private, no-cache" });
  });

  return router;
}
