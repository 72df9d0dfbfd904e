/**
 * `/api/tokens`: the caller's API tokens. Managed only by a person in the web app (session, or the
 * trusted local computer): a token cannot mint or revoke tokens, so revoking a leaked one ends it.
 */
import { type ApiTokenList, CreateApiTokenSchema, describeZodError } from "@peerfab/protocol";
import express, { type Request } from "express";
import { HttpError } from "../../errors.ts";
import type { User } from "../../repositories/users.ts";
import type { ApiTokens } from "../../services/api-tokens.ts";
import { callerOf, currentUser } from "../current-user.ts";

function tokenManager(req: Request): User {
  const user = currentUser(req);
  if (callerOf(req)?.via === "token") {
    throw new HttpError(403, "session-required", "API tokens are managed in the web app while signed in, not with an API token (so a leaked token cannot make new ones).");
  }
  return user;
}

export function tokenRoutes(tokens: ApiTokens) {
  const router = express.Router();

  router.get("/", async (req, res) => {
    const list: ApiTokenList = { tokens: await tokens.list(tokenManager(req)) };
    res.json(list);
  });

  router.post("/", async (req, res) => {
    const owner = tokenManager(req);
    const parsed = CreateApiTokenSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, "invalid-token-request", `The token request is invalid — ${describeZodError(parsed.error)}. Send JSON like {"label": "workshop bridge"}.`);
    res.status(201).json(await tokens.create(owner.id, parsed.data.label));
  });

  router.delete("/:id", async (req, res) => {
    res.json(await tokens.revoke(tokenManager(req), req.params.id));
  });

  return router;
}
