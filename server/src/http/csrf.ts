/**
 * Cross-site request forgery guard for requests that change state. Session cookies are
 * SameSite=Lax already; on top, an unsafe request that a browser could send with ambient
 * credentials (a session cookie, or the trusted local computer) must come from the hub's own
 * origin or a configured one. Bearer-token requests carry their credential explicitly: exempt.
 * A request with neither Origin nor Referer is not from a browser page; it is refused only when
 * it carries a session cookie (nothing but a browser holds that).
 */
import type { NextFunction, Request, Response } from "express";
import { isAllowedOrigin, ownOrigin, requestOrigin } from "../auth/request-origin.ts";
import { HttpError } from "../errors.ts";
import { callerOf } from "./current-user.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrfGuard(allowedOrigins: readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const caller = callerOf(req);
    if (caller?.via === "token") return next();
    const origin = requestOrigin(req.get("origin"), req.get("referer"));
    if (origin === null) {
      if (caller?.via === "session") {
        throw new HttpError(403, "origin-required", "This request carries a session cookie but no Origin or Referer header, so the hub cannot tell it comes from its own pages. Send it from the PeerFab web app, or use an API token (Authorization: Bearer) from scripts.");
      }
      return next();
    }
    if (!isAllowedOrigin(origin, ownOrigin(req.secure, req.get("host")), allowedOrigins)) {
      throw new HttpError(403, "cross-site-request", `Refused: this request comes from ${origin}, not from this hub's own pages. If that site should use the hub, list it in PEERFAB_CORS_ORIGINS; scripts should use an API token.`);
    }
    next();
  };
}
