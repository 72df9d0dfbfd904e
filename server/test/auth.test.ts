/**
 * Accounts against a real hub: register, sign in and out with the session cookie, CSRF refusals,
 * rate limits, API tokens (a revoked one stops at once, for REST and for its live bridge socket),
 * the trusted local computer, security headers and CORS.
 */
import { request } from "node:http";
import type { ApiToken, ApiTokenList, Me } from "@peerfab/protocol";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser, sessionCookieOf, sessionHeaders, type TestUser } from "./account-helpers.ts";
import { connectError, FakeBridge } from "./fake-bridge.ts";
import { apiError, startTestHub, stlFixture, type TestHub, upload } from "./helpers.ts";

const PASSWORD = "correct horse battery";

function postAuth(hub: TestHub, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${hub.url}/api/auth/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: hub.url, ...headers }, body: JSON.stringify(body) });
}

async function me(hub: TestHub, headers: Record<string, string> = {}): Promise<Me> {
  const response = await fetch(`${hub.url}/api/auth/me`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Me;
}

/** A raw HTTP request, to set Host freely (fetch will not). */
function rawGet(hub: TestHub, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: hub.port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("accounts and sessions", () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("registers an account and signs it in with an httpOnly, SameSite=Lax session cookie", async () => {
    const response = await postAuth(hub, "register", { email: "  Ada@Example.org ", password: PASSWORD, displayName: "Ada" });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Me;
    expect(body).toMatchObject({ user: { displayName: "Ada", email: "ada@example.org" }, via: "session" });

    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("peerfab_session="));
    expect(setCookie).toBeDefined();
    const flags = (setCookie ?? "").split(";").map((f) => f.trim().toLowerCase());
    expect(flags).toContain("httponly");
    expect(flags).toContain("samesite=lax");
    expect(flags).toContain("path=/");
    expect(flags).not.toContain("secure"); // plain http here; Secure when the hub is reached over https
    const maxAge = Number(flags.find((f) => f.startsWith("max-age="))?.slice("max-age=".length));
    expect(maxAge).toBeGreaterThan(29 * 24 * 3600);
    expect(maxAge).toBeLessThanOrEqual(30 * 24 * 3600);

    const cookie = sessionCookieOf(response) ?? "";
    expect(await me(hub, { cookie })).toMatchObject({ user: { email: "ada@example.org" }, via: "session" });
    expect(await me(hub)).toEqual({ user: null, via: null });
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    const response = await postAuth(hub, "register", { email: "ADA@example.org", password: PASSWORD, displayName: "Ada again" });
    expect(response.status).toBe(409);
    expect(await apiError(response)).toMatchObject({ error: "email-taken" });
  });

  it("says which registration fields are wrong", async () => {
    const response = await postAuth(hub, "register", { email: "not-an-email", password: "short", displayName: "" });
    expect(response.status).toBe(400);
    const { detail } = await apiError(response);
    expect(detail).toMatch(/email: enter an email address/);
    expect(detail).toMatch(/password: use at least 10 characters/);
    expect(detail).toMatch(/displayName/);
  });

  it("signs in with the right password only, and gives the same answer for an unknown email", async () => {
    const wrong = await postAuth(hub, "login", { email: "ada@example.org", password: "wrong password!" });
    expect(wrong.status).toBe(401);
    expect(sessionCookieOf(wrong)).toBeUndefined();
    const unknown = await postAuth(hub, "login", { email: "nobody@example.org", password: PASSWORD });
    expect(unknown.status).toBe(401);
    expect(await apiError(unknown)).toEqual(await apiError(wrong));

    const right = await postAuth(hub, "login", { email: "Ada@EXAMPLE.org", password: PASSWORD });
    expect(right.status).toBe(200);
    expect(((await right.json()) as Me).user?.email).toBe("ada@example.org");
    expect(sessionCookieOf(right)).toMatch(/^peerfab_session=.{40,}/);
  });

  it("signs out: the cookie is cleared and the old session stops working", async () => {
    const ada = await postAuth(hub, "login", { email: "ada@example.org", password: PASSWORD });
    const cookie = sessionCookieOf(ada) ?? "";
    const out = await fetch(`${hub.url}/api/auth/logout`, { method: "POST", headers: sessionHeaders(hub, cookie) });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/peerfab_session=;.*Max-Age=0/i);
    expect(await me(hub, { cookie })).toEqual({ user: null, via: null });
    const after = await fetch(`${hub.url}/api/tokens`, { method: "POST", headers: { ...sessionHeaders(hub, cookie), "content-type": "application/json" }, body: '{"label":"x"}' });
    expect(after.status).toBe(401);
    expect((await apiError(after)).detail).toMatch(/Sign in first/);
  });

  it("refuses cookie-authenticated changes from other origins or without any origin; bearer tokens are exempt", async () => {
    const user = await registerUser(hub, "csrf@example.org");
    const createWith = (headers: Record<string, string>) =>
      fetch(`${hub.url}/api/tokens`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ label: "csrf probe" }) });

    const foreign = await createWith({ cookie: user.cookie, origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await apiError(foreign)).toMatchObject({ error: "cross-site-request" });
    expect((await apiError(await createWith({ cookie: user.cookie, referer: "http://evil.example/page" }))).error).toBe("cross-site-request");
    const bare = await createWith({ cookie: user.cookie });
    expect(bare.status).toBe(403);
    expect((await apiError(bare)).detail).toMatch(/no Origin or Referer/);

    expect((await createWith({ cookie: user.cookie, origin: hub.url })).status).toBe(201);
    expect((await createWith({ cookie: user.cookie, referer: `${hub.url}/#/tokens` })).status).toBe(201);

    // A bearer token is not sent by browsers on their own: no origin needed, a foreign one ignored.
    const asScript = await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "script.stl" } });
    expect(asScript.status).toBe(201);
    const foreignBearer = await fetch(`${hub.url}/api/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${hub.bridgeToken}`, origin: "http://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ designId: "dsn_none", printerId: "prn_none" }),
    });
    expect(foreignBearer.status).toBe(404); // past the CSRF guard, to the missing design
  });

  it("limits sign-in attempts per address and email with a JSON 429 that says when to retry", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await postAuth(hub, "login", { email: "target@example.org", password: `guess number ${i}` })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const limited = await postAuth(hub, "login", { email: "target@example.org", password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await apiError(limited);
    expect(body.error).toBe("rate-limited");
    expect(body.detail).toMatch(/Try again in \d+ s/);
    // Another email from the same address is not affected.
    expect((await postAuth(hub, "login", { email: "someone-else@example.org", password: PASSWORD })).status).toBe(401);
  });

  it("limits uploads per user", async () => {
    const limited = await startTestHub({ rateLimits: { uploadsPer10Minutes: 2 } });
    try {
      const bytes = await stlFixture("cube-binary.stl");
      expect((await upload(limited, { file: { bytes, name: "a.stl" } })).status).toBe(201);
      expect((await upload(limited, { file: { bytes, name: "b.stl" } })).status).toBe(201);
      const third = await upload(limited, { file: { bytes, name: "c.stl" } });
      expect(third.status).toBe(429);
      expect((await apiError(third)).detail).toMatch(/Too many uploads.*Try again in \d+ s/);
    } finally {
      await limited.dispose();
    }
  });
});

describe("API tokens", () => {
  let hub: TestHub;
  let owner: TestUser;

  beforeAll(async () => {
    hub = await startTestHub();
    owner = await registerUser(hub, "maker@example.org", "Maker");
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("shows a new token once, lists tokens without secrets, and lets the token act as its owner", async () => {
    const created = await createToken(hub, owner, "workshop bridge");
    expect(created.token).toMatch(/^pf_[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({ label: "workshop bridge", revokedAt: null, lastUsedAt: null });

    const asToken = await fetch(`${hub.url}/api/auth/me`, { headers: { authorization: `Bearer ${created.token}` } });
    expect(((await asToken.json()) as Me).user?.id).toBe(owner.id);

    const list = (await (await fetch(`${hub.url}/api/tokens`, { headers: sessionHeaders(hub, owner.cookie) })).json()) as ApiTokenList;
    const listed = list.tokens.find((t) => t.id === created.id);
    expect(listed).toMatchObject({ label: "workshop bridge", revokedAt: null });
    expect(listed?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(created.token);
  });

  it("does not let a token manage tokens, nor anyone revoke another user's token", async () => {
    const created = await createToken(hub, owner, "script");
    const byToken = await fetch(`${hub.url}/api/tokens`, { headers: { authorization: `Bearer ${created.token}` } });
    expect(byToken.status).toBe(403);
    expect((await apiError(byToken)).error).toBe("session-required");

    const stranger = await registerUser(hub, "stranger@example.org");
    const steal = await fetch(`${hub.url}/api/tokens/${created.id}`, { method: "DELETE", headers: sessionHeaders(hub, stranger.cookie) });
    expect(steal.status).toBe(404);
    const strangersList = (await (await fetch(`${hub.url}/api/tokens`, { headers: sessionHeaders(hub, stranger.cookie) })).json()) as ApiTokenList;
    expect(strangersList.tokens).toEqual([]);
  });

  it("revokes a token at once: REST refuses it and its live bridge socket is disconnected", async () => {
    const created = await createToken(hub, owner, "bridge to revoke");
    const bridge = new FakeBridge(hub.url, created.token, "revoked-bridge");
    await bridge.connected();
    const hello = await bridge.hello();
    expect(hello.ok).toBe(true);
    const disconnected = new Promise<string>((resolve) => bridge.socket.once("disconnect", resolve));

    const revoke = await fetch(`${hub.url}/api/tokens/${created.id}`, { method: "DELETE", headers: sessionHeaders(hub, owner.cookie) });
    expect(revoke.status).toBe(200);
    expect(((await revoke.json()) as ApiToken).revokedAt).not.toBeNull();

    expect(await disconnected).toBe("io server disconnect");
    const rest = await fetch(`${hub.url}/api/printers`, { headers: { authorization: `Bearer ${created.token}` } });
    expect(rest.status).toBe(401);
    expect((await apiError(rest)).error).toBe("invalid-token");
    expect((await connectError(hub.url, { token: created.token })).message).toMatch(/not valid/);
    bridge.close();

    // Revoking again is harmless and says it is revoked.
    const again = await fetch(`${hub.url}/api/tokens/${created.id}`, { method: "DELETE", headers: sessionHeaders(hub, owner.cookie) });
    expect(again.status).toBe(200);
  });

  it("closes a browser socket when its session signs out", async () => {
    const user = await registerUser(hub, "watcher@example.org");
    const socket = io(hub.url, { transports: ["websocket"], extraHeaders: { cookie: user.cookie }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("connect_error", reject));
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    await fetch(`${hub.url}/api/auth/logout`, { method: "POST", headers: sessionHeaders(hub, user.cookie) });
    expect(await disconnected).toBe("io server disconnect");
  });
});

describe("trusted local computer, headers and CORS", () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ trustedLocal: true, corsOrigins: ["https://app.example.org"] });
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("acts as the local owner for loopback requests without a session; a session wins", async () => {
    expect(await me(hub)).toMatchObject({ user: { id: "usr_local", displayName: "Local maker", email: null }, via: "trusted-local" });
    const user = await registerUser(hub, "local-session@example.org");
    expect(await me(hub, { cookie: user.cookie })).toMatchObject({ user: { id: user.id }, via: "session" });
  });

  it("does not trust a loopback request that names another host (DNS rebinding)", async () => {
    const rebound = await rawGet(hub, "/api/auth/me", { host: `attacker.example:${hub.port}` });
    expect(JSON.parse(rebound.body)).toEqual({ user: null, via: null });
    const local = await rawGet(hub, "/api/auth/me", { host: `localhost:${hub.port}` });
    expect(JSON.parse(local.body)).toMatchObject({ via: "trusted-local" });
  });

  it("refuses trusted-local changes from a foreign page, allows them from scripts on this computer", async () => {
    const fromPage = await fetch(`${hub.url}/api/tokens`, { method: "POST", headers: { origin: "http://evil.example", "content-type": "application/json" }, body: '{"label":"x"}' });
    expect(fromPage.status).toBe(403);
    const fromScript = await fetch(`${hub.url}/api/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"label":"local script"}' });
    expect(fromScript.status).toBe(201);
  });

  it("sends security headers with a CSP the web app works within", async () => {
    const response = await fetch(`${hub.url}/`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/default-src 'self'/);
    // Only the hub's own scripts (WebAssembly may compile, for the viewer's mesh decoder): no inline script, no eval.
    expect(csp).toMatch(/script-src 'self'( 'wasm-unsafe-eval')?(;|$)/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    // Not "no-referrer": under it browsers send `Origin: null` on same-origin POSTs, which CSRF refuses.
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("answers CORS only for configured origins", async () => {
    const preflight = (origin: string) =>
      fetch(`${hub.url}/api/jobs`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    const allowed = await preflight("https://app.example.org");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.org");
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    expect((await preflight("http://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    const closed = await startTestHub();
    try {
      const response = await fetch(`${closed.url}/api/designs`, { headers: { origin: "https://app.example.org" } });
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await closed.dispose();
    }
  });

  it("refuses socket.io handshakes from foreign pages", async () => {
    const foreign = io(hub.url, { transports: ["websocket"], extraHeaders: { origin: "http://evil.example" }, reconnection: false, forceNew: true });
    const error = await new Promise<Error>((resolve, reject) => foreign.once("connect_error", resolve).once("connect", () => reject(new Error("connected from a foreign origin"))));
    foreign.close();
    expect(error).toBeInstanceOf(Error);
    const own = io(hub.url, { transports: ["websocket"], extraHeaders: { origin: "https://app.example.org" }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => own.once("connect", () => resolve()).once("connect_error", reject));
    own.close();
  });
});
