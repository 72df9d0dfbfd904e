/**
 * The out-of-core analysis (server/src/mesh/streamed/) against the in-memory one: deep-equal
 * measures — every float bit for bit — on every mesh fixture and on generated meshes with holes,
 * non-manifold edges, flipped triangles, several shells, cavities, a non-orientable strip and a
 * random soup, with a budget of one byte (forcing hundreds of partitions and several passes) and
 * with roomier ones; through the worker's task on binary and ASCII STL files kept on disk; and
 * the spill folder is gone afterwards, also when the file turns out broken half-way.
 */
import { type MeshLimits, DEFAULT_MESH_LIMITS, type MeshPart, type TriangleMesh } from "@peerfab/protocol/formats/mesh";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyseMesh } from "../src/mesh/analysis.ts";
import { type AnalysisResults, runAnalysisTask } from "../src/mesh/analysis-task.ts";
import { parseMeshFile } from "../src/mesh/mesh-file.ts";
import { parseStl } from "../src/mesh/stl.ts";
import { analyseStreamed } from "../src/mesh/streamed/streamed-analysis.ts";
import { StreamedWork } from "../src/mesh/streamed/streamed-work.ts";
import { withTempArea } from "../src/mesh/streamed/temp-area.ts";
import { MemoryTriangles } from "../src/mesh/streamed/triangle-source.ts";
import { repoRoot } from "./helpers.ts";
import { box, damagedTorus, flip, gridSoup, mobiusStrip, soup } from "./mesh-generators.ts";

const BUDGETS = [1, 256 * 1024, 48 * 1024 * 1024];
const work = mkdtempSync(join(tmpdir(), "peerfab-streamed-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function streamed(mesh: TriangleMesh, parts: MeshPart[] | null, budget: number) {
  const dir = mkdtempSync(join(work, "area-"));
  const analysis = await withTempArea(dir, (area) => analyseStreamed(new MemoryTriangles(mesh.positions, mesh.triangles), parts, new StreamedWork(mesh.triangles, budget, area)));
  expect(readdirSync(dir)).toEqual([]);
  return analysis;
}

async function expectSameAnalysis(mesh: TriangleMesh, parts: MeshPart[] | null = null): Promise<void> {
  const expected = analyseMesh(mesh, parts);
  for (const budget of BUDGETS) expect(await streamed(mesh, parts, budget)).toEqual(expected);
}

const generated: [string, () => TriangleMesh][] = [
  ["a closed cube", () => soup(box([0, 0, 0], 10))],
  ["a cube with a hole", () => soup(box([0, 0, 0], 10).slice(1))],
  ["a cube with one flipped triangle", () => soup(box([0, 0, 0], 10).map((t, i) => (i === 4 ? flip(t) : t)))],
  ["an inside-out cube", () => soup(box([0, 0, 0], 10).map(flip))],
  ["a body with a cavity and an inside-out box beside it", () => soup([...box([0, 0, 0], 10), ...box([3, 3, 3], 4).map(flip), ...box([20, 0, 0], 5).map(flip)])],
  ["two cubes sharing an edge (non-manifold)", () => soup([...box([0, 0, 0], 10), ...box([10, 10, 0], 10)])],
  ["separate shells and a degenerate sliver", () => soup([...box([0, 0, 0], 10), ...box([20, 0, 0], 10), [[0, 0, 0], [0, 0, 0], [5, 5, 5]]])],
  ["a Möbius strip (non-orientable)", () => soup(mobiusStrip(60))],
  ["a damaged 24,000-triangle torus", () => damagedTorus(200, 60, 7)],
  ["a random soup on a 6³ grid", () => gridSoup(3000, 6, 11)],
  ["a random soup on a 40³ grid", () => gridSoup(5000, 40, 12)],
];

describe("streamed analysis, in memory", () => {
  for (const [name, make] of generated) {
    it(`equals the in-memory analysis: ${name}`, async () => {
      await expectSameAnalysis(make());
    });
  }

  it("splits the work it was asked to: the same result for every 3MF build item as for the whole", async () => {
    const mesh = soup([...box([0, 0, 0], 10), ...box([3, 3, 3], 4).map(flip), ...box([20, 0, 0], 5).slice(2)]);
    const parts: MeshPart[] = [
      { name: "body", objectId: "1", firstTriangle: 0, triangles: 24 },
      { name: "open box", objectId: "2", firstTriangle: 24, triangles: 10 },
    ];
    const analysis = await streamed(mesh, parts, 1);
    expect(analysis).toEqual(analyseMesh(mesh, parts));
    expect(analysis.objects?.map((o) => [o.shells, o.watertight])).toEqual([[2, true], [1, false]]);
  });

  const stlFixtures = readdirSync(join(repoRoot, "fixtures", "stl")).map((name) => join(repoRoot, "fixtures", "stl", name));
  const models = readdirSync(join(repoRoot, "models")).filter((name) => name.endsWith(".stl")).map((name) => join(repoRoot, "models", name));
  const threeMf = readdirSync(join(repoRoot, "fixtures", "3mf")).filter((name) => name.endsWith(".3mf")).map((name) => join(repoRoot, "fixtures", "3mf", name));
  it("equals the in-memory analysis on every fixture and sample model that parses", { timeout: 120_000 }, async () => {
    let compared = 0;
    for (const path of [...stlFixtures, ...models, ...threeMf]) {
      let file: ReturnType<typeof parseMeshFile>;
      try {
        file = parseMeshFile(readFileSync(path), DEFAULT_MESH_LIMITS, path);
      } catch {
        continue; // a fixture of a broken file
      }
      await expectSameAnalysis(file.mesh, file.parts);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(12);
  });
});

/** Binary STL bytes of a soup. */
function binaryStl(mesh: TriangleMesh): Uint8Array {
  const bytes = new Uint8Array(84 + mesh.triangles * 50);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, mesh.triangles, true);
  for (let t = 0; t < mesh.triangles; t++) {
    for (let k = 0; k < 9; k++) view.setFloat32(84 + t * 50 + 12 + k * 4, mesh.positions[t * 9 + k] as number, true);
  }
  return bytes;
}

/** ASCII STL text of a soup (each float32 written so it reads back exactly). */
function asciiStl(mesh: TriangleMesh): string {
  const lines = ["solid generated"];
  for (let t = 0; t < mesh.triangles; t++) {
    lines.push("  facet normal 0 0 0", "    outer loop");
    for (let k = 0; k < 3; k++) lines.push(`      vertex ${Array.from(mesh.positions.subarray(t * 9 + k * 3, t * 9 + k * 3 + 3)).join(" ")}`);
    lines.push("    endloop", "  endfacet");
  }
  lines.push("endsolid generated", "");
  return lines.join("\n");
}

async function analyseFile(bytes: Uint8Array | string, name: string, budget: number, limits: MeshLimits = DEFAULT_MESH_LIMITS) {
  const dir = mkdtempSync(join(work, "upload-"));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  try {
    return (await runAnalysisTask({ kind: "analyse-mesh", path, fileName: name, limits }, { memoryBudgetBytes: budget })) as AnalysisResults["analyse-mesh"];
  } finally {
    expect(readdirSync(dir)).toEqual([name]);
  }
}

describe("streamed analysis of files on disk", () => {
  const mesh = damagedTorus(120, 50, 3);
  const expected = analyseMesh(mesh);

  it("reads a binary STL in place, batch by batch", async () => {
    for (const budget of [1, 1024 * 1024]) expect((await analyseFile(binaryStl(mesh), "torus.stl", budget)).analysis).toEqual(expected);
  });

  it("converts an ASCII STL once and streams the conversion, or reads it back when it fits", async () => {
    // 1 byte: streamed; 2 MB: the conversion (12,000 triangles) fits and is analysed in memory.
    for (const budget of [1, 2 * 1024 * 1024]) expect((await analyseFile(asciiStl(mesh), "torus-ascii.stl", budget)).analysis).toEqual(expected);
  });

  it("answers a 3MF over the budget with the streamed analysis of its build", async () => {
    const bytes = readFileSync(join(repoRoot, "fixtures", "3mf", "multiple_cylinders.3mf"));
    const file = parseMeshFile(bytes, DEFAULT_MESH_LIMITS);
    expect((await analyseFile(bytes, "cylinders.3mf", 1)).analysis).toEqual(analyseMesh(file.mesh, file.parts));
  });

  it("refuses a binary STL with a NaN deep in the file exactly as the in-memory reader does, and leaves no spill file", async () => {
    const bytes = binaryStl(damagedTorus(200, 100, 5));
    const triangle = 30_000;
    new DataView(bytes.buffer).setFloat32(84 + (triangle - 1) * 50 + 12 + 4, NaN, true);
    const inMemory = (() => {
      try {
        parseStl(bytes);
      } catch (error) {
        return error;
      }
    })();
    expect(inMemory).toMatchObject({ code: "non-finite-coordinate", message: expect.stringContaining(`triangle ${triangle}`) });
    await expect(analyseFile(bytes, "nan.stl", 1)).rejects.toEqual(inMemory);
  });

  it("refuses an ASCII STL cut off after thousands of facets as the in-memory reader does, and leaves no spill file", async () => {
    const text = asciiStl(damagedTorus(60, 50, 9));
    const cut = text.slice(0, text.lastIndexOf("endloop"));
    const inMemory = (() => {
      try {
        parseStl(new TextEncoder().encode(cut));
      } catch (error) {
        return error;
      }
    })();
    expect(inMemory).toMatchObject({ code: "ascii-syntax" });
    await expect(analyseFile(cut, "cut.stl", 1)).rejects.toEqual(inMemory);
  });

  it("keeps the triangle limit for files it streams", async () => {
    const limits = { ...DEFAULT_MESH_LIMITS, maxTriangles: 1000 };
    await expect(analyseFile(binaryStl(mesh), "big.stl", 1, limits)).rejects.toMatchObject({ code: "too-many-triangles" });
    await expect(analyseFile(asciiStl(mesh), "big-ascii.stl", 1, limits)).rejects.toMatchObject({ code: "too-many-triangles" });
  });
});
