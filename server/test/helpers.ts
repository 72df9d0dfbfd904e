import { expect } from "vitest";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ApiError, DesignList } from "@peerfab/protocol";
import { type Hub, type HubOptions, startHub } from "../src/index.ts";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export function stlFixture(name: string): Promise<Buffer> {
  return readFile(join(repoRoot, "fixtures", "stl", name));
}

export function threeMfFixture(name: string): Promise<Buffer> {
  return readFile(join(repoRoot, "fixtures", "3mf", name));
}

export function printFixture(name: string): Promise<Buffer> {
  return readFile(join(repoRoot, "fixtures", "print", name));
}

export interface TestHub extends Hub {
  dispose(): Promise<void>;
}

/**
 * A hub on a free port with a temp data dir. The helpers below act as the local owner account
 * through its API token (`hub.bridgeToken`); uploads are not rate-limited unless a test asks.
 */
export async function startTestHub(options: Partial<HubOptions> = {}): Promise<TestHub> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "peerfab-hub-test-")));
  const hub = await startHub({ port: 0, host: "127.0.0.1", webDir: null, seedDir: null, rateLimits: { uploadsPer10Minutes: 10_000 }, ...options, dataDir });
  return {
    ...hub,
    close: () => hub.close(),
    async dispose() {
      await hub.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the request helpers need of a hub: its address and the local owner's token (a `startHub` hub or a hub process). */
export type HubAddress = Pick<Hub, "url" | "bridgeToken">;

export interface UploadParts {
  file?: { bytes: Uint8Array; name: string };
  gcode?: { bytes: Uint8Array; name: string };
  fields?: Record<string, string>;
}

/** `Authorization: Bearer <token>` for the local owner (default) or the given API token. */
export function authHeaders(hub: HubAddress, token: string = hub.bridgeToken): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** fetch against the hub as the local owner (or as `token`'s owner). */
export function send(hub: HubAddress, path: string, init: RequestInit = {}, token: string = hub.bridgeToken): Promise<Response> {
  return fetch(`${hub.url}${path}`, { ...init, headers: { ...authHeaders(hub, token), ...(init.headers as Record<string, string> | undefined) } });
}

export async function upload(hub: HubAddress, parts: UploadParts, token: string = hub.bridgeToken): Promise<Response> {
  const form = new FormData();
  for (const [key, value] of Object.entries(parts.fields ?? {})) form.set(key, value);
  if (parts.file) form.set("file", new Blob([new Uint8Array(parts.file.bytes)]), parts.file.name);
  if (parts.gcode) form.set("gcode", new Blob([new Uint8Array(parts.gcode.bytes)]), parts.gcode.name);
  return send(hub, "/api/designs", { method: "POST", body: form }, token);
}

export async function apiError(response: Response): Promise<ApiError> {
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return (await response.json()) as ApiError;
}

export async function getJson<T>(hub: HubAddress, path: string, token: string = hub.bridgeToken): Promise<T> {
  const response = await send(hub, path, {}, token);
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

export async function postJson(hub: HubAddress, path: string, body: unknown, token: string = hub.bridgeToken): Promise<Response> {
  return send(hub, path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, token);
}

export async function patchJson(hub: HubAddress, path: string, body: unknown, token: string = hub.bridgeToken): Promise<Response> {
  return send(hub, path, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, token);
}

/** A multipart upload to any route (`/api/designs/:id/files`, `/api/designs/:id/remix`, …). */
export async function uploadTo(hub: HubAddress, path: string, parts: UploadParts, token: string = hub.bridgeToken): Promise<Response> {
  const form = new FormData();
  for (const [key, value] of Object.entries(parts.fields ?? {})) form.set(key, value);
  if (parts.file) form.set("file", new Blob([new Uint8Array(parts.file.bytes)]), parts.file.name);
  if (parts.gcode) form.set("gcode", new Blob([new Uint8Array(parts.gcode.bytes)]), parts.gcode.name);
  return send(hub, path, { method: "POST", body: form }, token);
}

/** Files under a folder, recursively (relative paths). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

export async function designTotal(hub: HubAddress): Promise<number> {
  return (await getJson<DesignList>(hub, "/api/designs")).total;
}

/** Waits for a condition driven by the hub's own events (no timing assertions: only a generous cap). */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}
