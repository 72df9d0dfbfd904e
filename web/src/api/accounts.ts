/** The hub's account API: register, sign in and out, who is signed in, and API tokens. */
import {
  ApiTokenListSchema,
  ApiTokenSchema,
  CreatedApiTokenSchema,
  MeSchema,
  type ApiToken,
  type CreatedApiToken,
  type Login,
  type Me,
  type Register,
} from "@peerfab/protocol";
import { request, send } from "./client.ts";

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export function fetchMe(): Promise<Me> {
  return request("/api/auth/me", MeSchema);
}

export function register(account: Register): Promise<Me> {
  return request("/api/auth/register", MeSchema, json(account));
}

export function signIn(login: Login): Promise<Me> {
  return request("/api/auth/login", MeSchema, json(login));
}

export async function signOut(): Promise<void> {
  await send("/api/auth/logout", { method: "POST" });
}

export async function listTokens(): Promise<ApiToken[]> {
  return (await request("/api/tokens", ApiTokenListSchema)).tokens;
}

export function createToken(label: string): Promise<CreatedApiToken> {
  return request("/api/tokens", CreatedApiTokenSchema, json({ label }));
}

export function revokeToken(id: string): Promise<ApiToken> {
  return request(`/api/tokens/${encodeURIComponent(id)}`, ApiTokenSchema, { method: "DELETE" });
}
