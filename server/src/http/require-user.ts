/**
 * Everything that changes state needs a signed-in caller — checked before a route reads its body
 * (an anonymous upload is refused before a byte is stored). Only signing in, registering and
 * signing out are open to anonymous callers. Services still check who may do what.
 */
import type { NextFunction, Request, Response } from "express";
import { callerOf, SIGN_IN_FIRST } from "./current-user.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const OPEN_TO_ANONYMOUS = new Set(["/auth/register", "/auth/login", "/auth/logout"]);

export function requireUserForChanges(req: Request, _res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || OPEN_TO_ANONYMOUS.has(req.path) || callerOf(req)) return next();
  throw SIGN_IN_FIRST;
}
