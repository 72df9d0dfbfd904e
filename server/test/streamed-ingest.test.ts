/**
 * A mesh over the analysis budget, ingested from disk, gets what a small one gets: the same
 * analysis, the same thumbnail pixels (drawn from batches) and the same preview mesh (decimated
 * from batches) as when it is held in memory — and nothing is left in the temp folder.
 */
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AnalysisResults, runAnalysisTask } from "../src/mesh/analysis-task.ts";
import { clusterDecimate, clusterDecimateBatches } from "../src/mesh/preview/cluster-decimation.ts";
import { MemoryTriangles } from "../src/mesh/streamed/triangle-source.ts";
import { renderThumbnail, renderThumbnailInBatches } from "../src/thumbnails/rasterizer.ts";
import { damagedTorus } from "./mesh-generators.ts";

const work = mkdtempSync(join(tmpdir(), "peerfab-streamed-ingest-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A 60,000-triangle torus with holes and flipped triangles: several 16,384-triangle batches. */
const mesh = damagedTorus(300, 100, 21);
const batches = (visit: (positions: Float32Array, triangles: number) => void) => new MemoryTriangles(mesh.positions, mesh.triangles).forEach(0, mesh.triangles, (p, n) => visit(p, n));

function binaryStl(): Uint8Array {
  const bytes = new Uint8Array(84 + mesh.triangles * 50);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, mesh.triangles, true);
  for (let t = 0; t < mesh.triangles; t++) for (let k = 0; k < 9; k++) view.setFloat32(84 + t * 50 + 12 + k * 4, mesh.positions[t * 9 + k] as number, true);
  return bytes;
}

describe("drawing and decimating in batches", () => {
  it("draws the same pixels from batches as from one array", () => {
    const size = { width: 320, height: 240 };
    const whole = renderThumbnail(mesh.positions, mesh.triangles, size);
    expect(Buffer.from(renderThumbnailInBatches(batches, size)).equals(Buffer.from(whole))).toBe(true);
  });

  it("decimates to the same preview mesh from batches as from one array", () => {
    const whole = clusterDecimate(mesh.positions, mesh.triangles, 5000);
    let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity, area = 0;
    batches((p, n) => {
      for (let o = 0; o < n * 9; o += 3) {
        minX = Math.min(minX, p[o] as number); maxX = Math.max(maxX, p[o] as number);
        minY = Math.min(minY, p[o + 1] as number); maxY = Math.max(maxY, p[o + 1] as number);
        minZ = Math.min(minZ, p[o + 2] as number); maxZ = Math.max(maxZ, p[o + 2] as number);
      }
      for (let o = 0; o < n * 9; o += 9) {
        const ux = (p[o + 3] as number) - (p[o] as number), uy = (p[o + 4] as number) - (p[o + 1] as number), uz = (p[o + 5] as number) - (p[o + 2] as number);
        const wx = (p[o + 6] as number) - (p[o] as number), wy = (p[o + 7] as number) - (p[o + 1] as number), wz = (p[o + 8] as number) - (p[o + 2] as number);
        const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        area += Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
      }
    });
    const streamed = clusterDecimateBatches(batches, { minX, minY, minZ, maxX, maxY, maxZ }, area, 5000);
    expect(streamed.indices.length).toBeGreaterThan(0);
    expect(streamed).toEqual(whole);
  });
});

describe("ingesting a mesh over the analysis budget", () => {
  it("gives the in-memory analysis, thumbnails and preview, and leaves the temp folder as it was", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(work, "upload-"));
    const path = join(dir, "torus.stl");
    writeFileSync(path, binaryStl());
    const ingest = async (budget: number) =>
      (await runAnalysisTask(
        { kind: "ingest-mesh", path, fileName: "torus.stl", limits: DEFAULT_MESH_LIMITS, preview: { minTriangles: 10_000, targetTriangles: 3_000 } },
        { memoryBudgetBytes: budget },
      )) as AnalysisResults["ingest-mesh"];
    const held = await ingest(1024 * 1024 * 1024);
    const streamed = await ingest(1);
    expect(readdirSync(dir)).toEqual(["torus.stl"]);

    expect(streamed.analysis).toEqual(held.analysis);
    expect(held.thumbnails).toHaveLength(4);
    const bytes = (r: typeof held) => r.thumbnails.map((t) => `${t.size}.${t.format}:${Buffer.from(t.bytes).toString("base64")}`).sort();
    expect(bytes(streamed)).toEqual(bytes(held));
    expect(held.preview?.triangles).toBeGreaterThan(1000);
    expect(Buffer.from(streamed.preview?.bytes ?? []).equals(Buffer.from(held.preview?.bytes ?? [1]))).toBe(true);
  });
});
