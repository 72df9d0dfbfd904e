/**
 * Who a request acts as. `identifyCaller` resolves the caller once per request (API token, session
 * cookie, or trusted local computer; see auth/caller-resolver.ts); `currentUser(req)` is the one
 * place routes ask, and answers 401 for anonymous callers.
 */
import type { NextFunction, Request, Response } from "express";
import type { Caller, CallerResolver } from "../auth/caller-resolver.ts";
import { clearedSessionCookie, sessionCookie } from "../auth/session-cookie.ts";
import { HttpError } from "../errors.ts";
import type { User } from "../repositories/users.ts";

const callers = new WeakMap<Request, Caller>();

export const SIGN_IN_FIRST = new HttpError(
  401,
  "not-signed-in",
  "Sign in first. In the web app use 'Sign in' at the top right; bridges and scripts send 'Authorization: Bearer <API token>' (make one on the API tokens page).",
);

export function identifyCaller(resolver: CallerResolver) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get("authorization");
    let bearerToken: string | undefined;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) throw new HttpError(401, "token-required", "Send an API token as 'Authorization: Bearer <token>'; no other kind of Authorization header is understood.");
      bearerToken = match[1];
    }
    const resolution = await resolver.resolve({ bearerToken, cookieHeader: req.get("cookie"), remoteAddress: req.socket.remoteAddress, host: req.get("host") });
    if (resolution.kind === "invalid-token") {
      throw new HttpError(401, "invalid-token", "This API token is not valid: it was revoked, or made by another hub. Make a new one on the API tokens page (the demo bridge's is in <data dir>/bridge-token).");
    }
    if (resolution.kind === "anonymous") {
      if (resolution.staleSessionCookie) res.append("Set-Cookie", clearedSessionCookie(req.secure));
    } else {
      callers.set(req, resolution.caller);
      if (resolution.renewedSessionUntil && resolution.sessionId) {
        res.append("Set-Cookie", sessionCookie(resolution.sessionId, resolution.renewedSessionUntil, req.secure));
      }
    }
    next();
  };
}

/** The caller, or null when anonymous. */
export function callerOf(req: Request): Caller | null {
  return callers.get(req) ?? null;
}

/** The signed-in user; 401 "Sign in first" when anonymous. */
export function currentUser(req: Request): User {
  const caller = callers.get(req);
  if (!caller) throw SIGN_IN_FIRST;
  return caller.user;
}

/** The owner of the API token in `Authorization: Bearer <token>` (bridges, scripts). */
export function bearerUser(req: Request): User {
  const caller = callers.get(req);
  if (caller?.via !== "token") {
    throw new HttpError(401, "token-required", "Send an API token as 'Authorization: Bearer <token>' (the hub writes one to <data dir>/bridge-token; make more on the API tokens page).");
  }
  return caller.user;
}
