/** Test helpers for accounts: register a user and act as them through a session cookie or an API token. */
import type { CreatedApiToken, Me } from "@peerfab/protocol";
import { expect } from "vitest";
import type { Hub } from "../src/index.ts";

export interface TestUser {
  id: string;
  email: string;
  /** `peerfab_session=…`, ready for a Cookie header. */
  cookie: string;
}

/** The `name=value` of the session cookie a response sets (undefined when it sets none). */
export function sessionCookieOf(response: Response): string | undefined {
  const header = response.headers.getSetCookie().find((c) => c.startsWith("peerfab_session="));
  return header?.split(";")[0];
}

/** Headers a browser on the hub's own page sends with its session. */
export function sessionHeaders(hub: Pick<Hub, "url">, cookie: string): Record<string, string> {
  return { cookie, origin: hub.url };
}

export async function registerUser(hub: Pick<Hub, "url">, email: string, displayName = email.split("@")[0] ?? "user"): Promise<TestUser> {
  const response = await fetch(`${hub.url}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: hub.url },
    body: JSON.stringify({ email, password: "correct horse battery", displayName }),
  });
  expect(response.status).toBe(201);
  const me = (await response.json()) as Me;
  const cookie = sessionCookieOf(response);
  if (!me.user || !cookie) throw new Error("registration did not sign in");
  return { id: me.user.id, email, cookie };
}

export async function createToken(hub: Pick<Hub, "url">, user: TestUser, label: string): Promise<CreatedApiToken> {
  const response = await fetch(`${hub.url}/api/tokens`, {
    method: "POST",
    headers: { ...sessionHeaders(hub, user.cookie), "content-type": "application/json" },
    body: JSON.stringify({ label }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedApiToken;
}
