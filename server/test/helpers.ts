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

export async function startTestHub(options: Partial<HubOptions> = {}): Promise<TestHub> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "peerfab-hub-test-")));
  const hub = await startHub({ port: 0, host: "127.0.0.1", webDir: null, seedDir: null, ...options, dataDir });
  return {
    ...hub,
    close: () => hub.close(),
    async dispose() {
      await hub.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface UploadParts {
  file?: { bytes: Uint8Array; name: string };
  gcode?: { bytes: Uint8Array; name: string };
  fields?: Record<string, string>;
}

export async function upload(hub: Hub, parts: UploadParts): Promise<Response> {
  const form = new FormData();
  for (const [key, value] of Object.entries(parts.fields ?? {})) form.set(key, value);
  if (parts.file) form.set("file", new Blob([new Uint8Array(parts.file.bytes)]), parts.file.name);
  if (parts.gcode) form.set("gcode", new Blob([new Uint8Array(parts.gcode.bytes)]), parts.gcode.name);
  return fetch(`${hub.url}/api/designs`, { method: "POST", body: form });
}

export async function apiError(response: Response): Promise<ApiError> {
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return (await response.json()) as ApiError;
}

export async function getJson<T>(hub: Hub, path: string): Promise<T> {
  const response = await fetch(`${hub.url}${path}`);
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

export async function postJson(hub: Hub, path: string, body: unknown): Promise<Response> {
  return fetch(`${hub.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** Files under a folder, recursively (relative paths). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

export async function designTotal(hub: Hub): Promise<number> {
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
