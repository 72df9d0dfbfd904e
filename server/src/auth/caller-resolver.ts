/**
 * Who is calling, from what a request or a socket.io handshake carries: an API token (bearer),
 * else a session cookie, else — when the hub trusts its own computer — a loopback request acts
 * as the local owner. One resolver for REST and sockets, so both answer the same.
 */
import type { SignInMethod } from "@peerfab/protocol";
import type { User } from "../repositories/users.ts";
import type { ApiTokens } from "../services/api-tokens.ts";
import type { Sessions } from "../services/sessions.ts";
import { isLocalRequest } from "./loopback.ts";
import { readSessionCookie } from "./session-cookie.ts";

export interface Caller {
  user: User;
  via: SignInMethod;
  /** sha256 of the session id, when `via` is "session". */
  sessionIdHash: string | null;
  /** When `via` is "token". */
  tokenId: string | null;
}

export interface CallerCredentials {
  bearerToken?: string | undefined;
  cookieHeader?: string | undefined;
  remoteAddress?: string | undefined;
  host?: string | undefined;
}

export type Resolution =
  | { kind: "caller"; caller: Caller; renewedSessionUntil: Date | null; sessionId: string | null }
  | { kind: "anonymous"; staleSessionCookie: boolean }
  | { kind: "invalid-token" };

export class CallerResolver {
  constructor(
    private readonly tokens: ApiTokens,
    private readonly sessions: Sessions,
    /** The account loopback requests act as, or null when the hub trusts nobody implicitly. */
    private readonly trustedLocalUser: User | null,
  ) {}

  async resolve(credentials: CallerCredentials): Promise<Resolution> {
    if (credentials.bearerToken !== undefined) {
      const holder = await this.tokens.authenticate(credentials.bearerToken);
      if (!holder) return { kind: "invalid-token" };
      return { kind: "caller", caller: { user: holder.user, via: "token", sessionIdHash: null, tokenId: holder.tokenId }, renewedSessionUntil: null, sessionId: null };
    }
    const sessionId = readSessionCookie(credentials.cookieHeader);
    if (sessionId) {
      const session = await this.sessions.resume(sessionId);
      if (session) {
        return { kind: "caller", caller: { user: session.user, via: "session", sessionIdHash: session.idHash, tokenId: null }, renewedSessionUntil: session.renewedUntil, sessionId };
      }
    }
    if (this.trustedLocalUser && isLocalRequest(credentials.remoteAddress, credentials.host)) {
      return { kind: "caller", caller: { user: this.trustedLocalUser, via: "trusted-local", sessionIdHash: null, tokenId: null }, renewedSessionUntil: null, sessionId: null };
    }
    return { kind: "anonymous", staleSessionCookie: sessionId !== undefined };
  }
}
