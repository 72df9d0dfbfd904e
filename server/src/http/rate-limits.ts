/**
 * Rate limits (express-rate-limit, in memory per hub process): sign-in and registration attempts
 * per client address and email, uploads per user. A refusal is the usual JSON error with a
 * `Retry-After` header and the wait in words.
 */
import type { ApiError } from "@peerfab/protocol";
import type { Request, Response } from "express";
import { ipKeyGenerator, rateLimit, type RateLimitRequestHandler } from "express-rate-limit";
import { callerOf } from "./current-user.ts";

export interface RateLimits {
  /** Sign-in and register attempts per minute, per client address and email. */
  signInPerMinute: number;
  /** Design uploads per 10 minutes, per user. */
  uploadsPer10Minutes: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { signInPerMinute: 10, uploadsPer10Minutes: 30 };

const MINUTE_MS = 60_000;

function refusal(what: string) {
  return (req: Request, res: Response) => {
    const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
    const body: ApiError = { error: "rate-limited", detail: `Too many ${what}. Try again in ${seconds} s.` };
    res.status(429).json(body);
  };
}

export function signInLimiter(perMinute: number): RateLimitRequestHandler {
  return rateLimit({
    windowMs: MINUTE_MS,
    limit: perMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (req) => {
      const body: unknown = req.body;
      const email = typeof body === "object" && body !== null && "email" in body && typeof body.email === "string" ? body.email.trim().toLowerCase() : "";
      return `${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? "")}|${email}`;
    },
    handler: refusal("sign-in attempts for this email from your address"),
  });
}

export function uploadLimiter(per10Minutes: number): RateLimitRequestHandler {
  return rateLimit({
    windowMs: 10 * MINUTE_MS,
    limit: per10Minutes,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    // Runs after requireUserForChanges, so there is always a caller; the address is a fallback.
    keyGenerator: (req) => callerOf(req)?.user.id ?? ipKeyGenerator(req.ip ?? ""),
    handler: refusal("uploads from your account"),
  });
}
