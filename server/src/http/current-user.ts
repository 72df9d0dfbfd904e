/**
 * Who a request acts as. In the single-user skeleton every request is the local user; issue #5
 * replaces `actAs` with session sign-in and keeps `currentUser(req)` as the one place to ask.
 */
import type { NextFunction, Request, Response } from "express";
import { HttpError } from "../errors.ts";
import type { User } from "../repositories/users.ts";
import type { AccountService } from "../services/accounts.ts";

const actors = new WeakMap<Request, User>();

export function actAs(user: User) {
  return (req: Request, _res: Response, next: NextFunction) => {
    actors.set(req, user);
    next();
  };
}

export function currentUser(req: Request): User {
  const user = actors.get(req);
  if (!user) throw new HttpError(401, "not-signed-in", "Sign in first.");
  return user;
}

/** The owner of the API token in `Authorization: Bearer <token>` (bridges, scripts). */
export async function bearerUser(req: Request, accounts: AccountService): Promise<User> {
  const header = req.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new HttpError(401, "token-required", "Send an API token as 'Authorization: Bearer <token>' (the hub writes one to <data dir>/bridge-token).");
  }
  const user = await accounts.userForToken(match[1]);
  if (!user) throw new HttpError(401, "invalid-token", "This API token is not valid (revoked, or made by another hub). Use the current token from <data dir>/bridge-token.");
  return user;
}
