/**
 * Compact preview meshes: the decimation on its own (bounded output, bounding box kept, both
 * faces of a thin wall kept), and through a real hub — a 600,000-triangle upload gets a GLB
 * preview that three.js loads (GLTFLoader + MeshoptDecoder, as the browser will) with far fewer
 * triangles and the original's bounding box, served with its type and long caching, while the
 * original download stays byte-identical.
 */
import { createHash } from "node:crypto";
import type { Design, DesignCreated } from "@peerfab/protocol";
import { Box3, type Mesh } from "three";
import { MeshoptDecoder } from "three/examples/jsm/libs/meshopt_decoder.module.js";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { torus, toBinaryStl } from "../bench/torus.ts";
import { clusterDecimate } from "../src/mesh/preview/cluster-decimation.ts";
import { parseStl } from "../src/mesh/stl.ts";
import { apiError, getJson, send, startTestHub, stlFixture, type TestHub, upload } from "./helpers.ts";

/** Loads a GLB as the web viewer does; returns its triangle count and world bounding box. */
async function loadGlb(bytes: ArrayBuffer): Promise<{ triangles: number; box: Box3 }> {
  const loader = new GLTFLoader();
  loader.setMeshoptDecoder(MeshoptDecoder);
  const gltf = await loader.parseAsync(bytes, "");
  let triangles = 0;
  gltf.scene.traverse((object) => {
    const mesh = object as Mesh;
    if (mesh.isMesh) triangles += (mesh.geometry.index?.count ?? mesh.geometry.attributes.position?.count ?? 0) / 3;
  });
  return { triangles, box: new Box3().setFromObject(gltf.scene) };
}

function boxOf(positions: Float32Array): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i++) {
    const k = i % 3;
    min[k] = Math.min(min[k] as number, positions[i] as number);
    max[k] = Math.max(max[k] as number, positions[i] as number);
  }
  return { min, max };
}

describe("clusterDecimate", () => {
  it("reduces a torus to at most the target, keeping its bounding box within a cell", () => {
    const { positions, triangles } = parseStl(toBinaryStl(torus(300, 200)));
    const reduced = clusterDecimate(positions, triangles, 10_000);
    const kept = reduced.indices.length / 3;
    expect(kept).toBeLessThanOrEqual(10_000);
    expect(kept).toBeGreaterThan(5_000);
    const before = boxOf(positions);
    const after = boxOf(reduced.positions);
    for (let k = 0; k < 3; k++) {
      expect(Math.abs((after.min[k] as number) - (before.min[k] as number))).toBeLessThan(1.5);
      expect(Math.abs((after.max[k] as number) - (before.max[k] as number))).toBeLessThan(1.5);
    }
    // Every index names a vertex, and no triangle collapsed.
    const vertices = reduced.positions.length / 3;
    for (let t = 0; t < reduced.indices.length; t += 3) {
      const [a, b, c] = [reduced.indices[t], reduced.indices[t + 1], reduced.indices[t + 2]] as number[];
      expect(a !== b && b !== c && a !== c && Math.max(a as number, b as number, c as number) < vertices).toBe(true);
    }
  });

  it("keeps both faces of a thin wall and drops repeated triangles", () => {
    const front = [0, 0, 0, 10, 0, 0, 0, 10, 0];
    const back = [0, 0, 0, 0, 10, 0, 10, 0, 0];
    const positions = Float32Array.from([...front, ...back, ...front]);
    const reduced = clusterDecimate(positions, 3, 100);
    expect(reduced.indices.length / 3).toBe(2);
  });

  it("gives nothing for a mesh without extent", () => {
    expect(clusterDecimate(new Float32Array(9), 1, 100).indices.length).toBe(0);
  });
});

describe("preview meshes on the hub", () => {
  let hub: TestHub;
  beforeAll(async () => {
    // Below the default of 500,000, so a 60,000-triangle mesh shows the threshold is configurable.
    hub = await startTestHub({ previewMinTriangles: 50_000 });
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("prepares a compact GLB preview of a 600,000-triangle mesh and keeps the original", async () => {
    const stl = toBinaryStl(torus(600, 500));
    const response = await upload(hub, { file: { bytes: stl, name: "big-torus.stl" } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as DesignCreated;
    const file = created.design.files[0];
    expect(file?.triangles).toBe(600_000);
    const preview = file?.preview;
    if (!preview) throw new Error("no preview for a 600,000-triangle mesh");
    expect(preview.format).toBe("glb");
    expect(preview.triangles).toBeLessThanOrEqual(100_000);
    expect(preview.triangles).toBeGreaterThan(20_000);
    expect((await getJson<Design>(hub, `/api/designs/${created.id}`)).files[0]?.preview).toEqual(preview);

    const served = await send(hub, preview.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("model/gltf-binary");
    expect(served.headers.get("cache-control")).toMatch(/immutable/);
    const glb = await served.arrayBuffer();
    expect(glb.byteLength).toBeLessThan(stl.length / 20);
    expect((await send(hub, preview.url, { headers: { "if-none-match": served.headers.get("etag") ?? "" } })).status).toBe(304);

    const loaded = await loadGlb(glb);
    expect(loaded.triangles).toBe(preview.triangles);
    // The original's box, to within a preview cell (under 1 % of the 104 mm torus).
    const { bbox } = created;
    const tolerance = 1;
    for (const axis of ["x", "y", "z"] as const) {
      expect(Math.abs(loaded.box.min[axis] - bbox.min[axis])).toBeLessThan(tolerance);
      expect(Math.abs(loaded.box.max[axis] - bbox.max[axis])).toBeLessThan(tolerance);
    }

    const original = Buffer.from(await (await send(hub, `/api/designs/${created.id}/files/${file.id}`)).arrayBuffer());
    expect(createHash("sha256").update(original).digest("hex")).toBe(createHash("sha256").update(stl).digest("hex"));
  }, 60_000);

  it("gives a small mesh no preview and answers 404 for one", async () => {
    const created = (await (await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "small.stl" } })).json()) as DesignCreated;
    const file = created.design.files[0];
    expect(file?.preview).toBeNull();
    const missing = await send(hub, `/api/designs/${created.id}/files/${file?.id}/preview`);
    expect(missing.status).toBe(404);
    expect((await apiError(missing)).detail).toMatch(/no preview mesh.*load the file itself/i);
  });

  it("uses the configured threshold, and keeps a preview to a quarter of the original", async () => {
    const created = (await (await upload(hub, { file: { bytes: toBinaryStl(torus(100, 300)), name: "medium.stl" } })).json()) as DesignCreated;
    expect(created.triangles).toBe(60_000);
    expect(created.design.files[0]?.preview?.triangles).toBeLessThanOrEqual(15_000);
  });
});
