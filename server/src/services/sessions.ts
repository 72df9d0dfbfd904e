/**
 * Browser sessions: a random id in an httpOnly cookie, only its sha256 in the database. Sessions
 * last 30 days from the last use (sliding); the expiry is moved forward at most once an hour, and
 * the caller re-sends the cookie then so the browser's copy slides too.
 */
import { createHash, randomBytes } from "node:crypto";
import type { HubEvents } from "../hub-events.ts";
import type { SessionRepository } from "../repositories/sessions.ts";
import type { User, UserRepository } from "../repositories/users.ts";

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const RENEW_AFTER_MS = 60 * 60 * 1000;

export interface StartedSession {
  /** The cookie value: never stored. */
  id: string;
  expiresAt: Date;
}

export interface ResumedSession {
  user: User;
  idHash: string;
  /** Set when the expiry moved forward: send the cookie again with this expiry. */
  renewedUntil: Date | null;
}

export function hashSessionId(id: string): string {
  return createHash("sha256").update(id, "utf8").digest("hex");
}

export class Sessions {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly events: HubEvents,
  ) {}

  async start(user: User): Promise<StartedSession> {
    const now = new Date();
    await this.sessions.deleteExpired(now.toISOString());
    const id = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await this.sessions.insert({ idHash: hashSessionId(id), userId: user.id, lastSeenAt: now.toISOString(), expiresAt: expiresAt.toISOString() }, now.toISOString());
    return { id, expiresAt };
  }

  /** The session's user, or undefined when the id is unknown or expired (an expired one is deleted). */
  async resume(id: string): Promise<ResumedSession | undefined> {
    if (id.length === 0 || id.length > 100) return undefined;
    const idHash = hashSessionId(id);
    const stored = await this.sessions.find(idHash);
    if (!stored) return undefined;
    const now = Date.now();
    if (Date.parse(stored.expiresAt) <= now) {
      await this.sessions.delete(idHash);
      return undefined;
    }
    const user = await this.users.find(stored.userId);
    if (!user) return undefined;
    let renewedUntil: Date | null = null;
    if (now - Date.parse(stored.lastSeenAt) > RENEW_AFTER_MS) {
      renewedUntil = new Date(now + SESSION_LIFETIME_MS);
      await this.sessions.extend(idHash, new Date(now).toISOString(), renewedUntil.toISOString());
    }
    return { user, idHash, renewedUntil };
  }

  /** Ends a session (sign-out): the cookie stops working and its live sockets are closed. */
  async end(idHash: string): Promise<void> {
    await this.sessions.delete(idHash);
    this.events.emit("session:ended", { sessionIdHash: idHash });
  }
}
