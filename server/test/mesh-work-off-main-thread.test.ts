/**
 * Heavy mesh work runs in the worker pool, not on the hub's event loop: the hub keeps answering
 * while it analyses a big upload, and the whole-design 3MF export reads the mesh in the worker by
 * path, so the main thread never holds the model's bytes (measured as the growth of the main
 * isolate's ArrayBuffer memory, which worker threads do not count towards).
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { DesignCreated } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { torus, toBinaryStl } from "../bench/torus.ts";
import { startTestHub, type TestHub, upload } from "./helpers.ts";

/**
 * A binary STL big to read but tiny once exported: one 100 mm triangle, then one 0.01 mm triangle
 * repeated (its XML repeats one line, which deflates to almost nothing; drawn on a pixel, so the
 * thumbnail renders fast).
 */
function repeatedTriangleStl(count: number): Buffer {
  const stl = Buffer.alloc(84 + count * 50);
  stl.writeUInt32LE(count, 80);
  for (let t = 0; t < count; t++) {
    const edge = t === 0 ? 100 : 0.01;
    [0, 0, 0, edge, 0, 0, 0, edge, 0].forEach((value, i) => stl.writeFloatLE(value, 84 + t * 50 + 12 + i * 4));
  }
  return stl;
}

/** Whether the temp area holds a staged upload of `bytes` bytes, complete. */
async function stagedInFull(dataDir: string, bytes: number): Promise<boolean> {
  const tmp = join(dataDir, "tmp");
  for (const name of await readdir(tmp)) {
    const size = await stat(join(tmp, name)).then((s) => s.size, () => -1);
    if (size === bytes) return true;
  }
  return false;
}

describe("mesh work off the hub's event loop", () => {
  let hub: TestHub;

  beforeAll(async () => {
    // No preview meshes: the analysis alone is the work under test.
    hub = await startTestHub({ previewMinTriangles: 50_000_000 });
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("keeps answering other requests while it analyses a 1,000,000-triangle upload", async () => {
    const stl = Buffer.from(toBinaryStl(torus(500, 1000)));
    let settled = false;
    const uploading = upload(hub, { file: { bytes: stl, name: "torus.stl" } }).finally(() => (settled = true));
    // Wait until the file is staged in full: from then on the hub is analysing it.
    while (!settled && !(await stagedInFull(hub.dataDir, stl.length))) await new Promise((r) => setTimeout(r, 5));
    let answered = 0;
    while (!settled) {
      const health = await fetch(`${hub.url}/api/health`);
      if (health.ok && !settled) answered++;
    }
    expect((await uploading).status).toBe(201);
    // A hub analysing on its event loop answers nothing until the analysis is over.
    expect(answered).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it("exports a design as 3MF without the main thread holding the mesh", async () => {
    const stl = repeatedTriangleStl(400_000);
    const created = await upload(hub, { file: { bytes: stl, name: "repeated.stl" } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as DesignCreated;

    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 1);
    let received = 0;
    try {
      const response = await fetch(`${hub.url}/api/designs/${id}/download.3mf`);
      expect(response.status).toBe(200);
      // Read and drop: the test's own copy must not count as the hub's.
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += chunk.value.length;
      expect(received).toBe(Number(response.headers.get("content-length")));
    } finally {
      clearInterval(sampler);
    }
    // Reading the 20 MB STL on the main thread (to post it to the worker) would show here in full.
    expect(peak - baseline).toBeLessThan(stl.length / 2);
  }, 120_000);
});
