/** `/api/auth`: register, sign in and out with a session cookie, and who is signed in. */
import { describeZodError, LoginSchema, type Me, RegisterSchema } from "@peerfab/protocol";
import express, { type Request, type Response } from "express";
import { clearedSessionCookie, sessionCookie } from "../../auth/session-cookie.ts";
import { HttpError } from "../../errors.ts";
import type { User } from "../../repositories/users.ts";
import type { AccountService } from "../../services/accounts.ts";
import type { Sessions } from "../../services/sessions.ts";
import { callerOf } from "../current-user.ts";
import { signInLimiter } from "../rate-limits.ts";

export interface AuthRouteDeps {
  accounts: AccountService;
  sessions: Sessions;
  signInPerMinute: number;
}

export function authRoutes({ accounts, sessions, signInPerMinute }: AuthRouteDeps) {
  const router = express.Router();
  const limiter = signInLimiter(signInPerMinute);

  const signInAs = async (req: Request, res: Response, user: User, status: number) => {
    // A new session id on every sign-in (never reuse one the browser brought: session fixation).
    const previous = callerOf(req);
    if (previous?.sessionIdHash) await sessions.end(previous.sessionIdHash);
    const session = await sessions.start(user);
    res.append("Set-Cookie", sessionCookie(session.id, session.expiresAt, req.secure));
    const me: Me = { user: await accounts.account(user), via: "session" };
    res.status(status).json(me);
  };

  router.post("/register", limiter, async (req, res) => {
    const parsed = RegisterSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new HttpError(400, "invalid-registration", `The registration is invalid — ${describeZodError(parsed.error)}.`);
    }
    await signInAs(req, res, await accounts.register(parsed.data), 201);
  });

  router.post("/login", limiter, async (req, res) => {
    const parsed = LoginSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, "invalid-sign-in", `The sign-in is invalid — ${describeZodError(parsed.error)}.`);
    await signInAs(req, res, await accounts.signIn(parsed.data), 200);
  });

  router.post("/logout", async (req, res) => {
    const caller = callerOf(req);
    if (caller?.sessionIdHash) await sessions.end(caller.sessionIdHash);
    res.append("Set-Cookie", clearedSessionCookie(req.secure));
    res.status(204).end();
  });

  router.get("/me", async (req, res) => {
    const caller = callerOf(req);
    const me: Me = caller ? { user: await accounts.account(caller.user), via: caller.via } : { user: null, via: null };
    res.json(me);
  });

  return router;
}
