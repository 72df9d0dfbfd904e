/**
 * The analysis pool's queue: big-mesh tasks (`exclusive`) never run two at once, other tasks pass
 * them, and everything submitted together still completes on real worker threads.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { torus, toBinaryStl } from "../bench/torus.ts";
import { AnalysisPool, nextRunnable } from "../src/mesh/analysis-pool.ts";
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";

describe("nextRunnable", () => {
  const ex = { exclusive: true };
  const plain = { exclusive: false };
  it("takes the oldest task while no exclusive one runs", () => {
    expect(nextRunnable([], false)).toBe(-1);
    expect(nextRunnable([ex, plain], false)).toBe(0);
  });
  it("lets other tasks pass exclusive ones while one runs, and waits when only exclusive ones are left", () => {
    expect(nextRunnable([ex, ex, plain], true)).toBe(2);
    expect(nextRunnable([ex], true)).toBe(-1);
  });
});

describe("AnalysisPool", () => {
  const pool = new AnalysisPool(2);
  let dir = "";
  afterAll(async () => {
    await pool.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("completes exclusive and ordinary tasks submitted together", async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-pool-"));
    const path = join(dir, "torus.stl");
    await writeFile(path, toBinaryStl(torus(40, 30)));
    const task = { kind: "analyse-mesh" as const, path, fileName: "torus.stl", limits: DEFAULT_MESH_LIMITS };
    const results = await Promise.all([pool.run(task, { exclusive: true }), pool.run(task, { exclusive: true }), pool.run(task), pool.run(task, { exclusive: true })]);
    expect(results.map((r) => r.analysis.triangles)).toEqual([2400, 2400, 2400, 2400]);
  });
});
