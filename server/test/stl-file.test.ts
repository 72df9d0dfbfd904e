/**
 * The streaming STL file reader must agree with the in-memory parser: the same positions for
 * every file it accepts, the same error (code and message) for every file it refuses — on the
 * fixtures and on generated files large enough to span many 1 MB reads.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { torus, toBinaryStl } from "../bench/torus.ts";
import { DEFAULT_MESH_LIMITS, MeshError } from "@peerfab/protocol/formats/mesh";
import { readMeshFile } from "../src/mesh/mesh-file.ts";
import { parseStl, type StlMesh } from "../src/mesh/stl.ts";
import { readStlFile } from "../src/mesh/stl-file.ts";
import { repoRoot } from "./helpers.ts";

type Outcome = { ok: true; mesh: StlMesh } | { ok: false; code: string; message: string };

function outcome(read: () => StlMesh): Outcome;
function outcome(read: () => Promise<StlMesh>): Promise<Outcome>;
function outcome(read: () => StlMesh | Promise<StlMesh>): Outcome | Promise<Outcome> {
  const refused = (error: unknown): Outcome => {
    if (error instanceof MeshError) return { ok: false, code: error.code, message: error.message };
    throw error;
  };
  try {
    const result = read();
    return result instanceof Promise ? result.then((mesh) => ({ ok: true as const, mesh }), refused) : { ok: true, mesh: result };
  } catch (error) {
    return refused(error);
  }
}

function summary(result: Outcome): unknown {
  if (!result.ok) return result;
  const { format, triangles, positions } = result.mesh;
  return { format, triangles, positions: createHash("sha256").update(new Uint8Array(positions.buffer, positions.byteOffset, positions.byteLength)).digest("hex") };
}

/** An ASCII STL of `mesh` with the given line break. */
function asciiStl(mesh: ReturnType<typeof torus>, lineBreak: string): Buffer {
  const lines = ["solid torus"];
  for (let t = 0; t < mesh.triangles.length; t += 3) {
    lines.push("  facet normal 0 0 0", "    outer loop");
    for (let k = 0; k < 3; k++) {
      const v = (mesh.triangles[t + k] as number) * 3;
      lines.push(`      vertex ${mesh.vertices[v]} ${mesh.vertices[v + 1]} ${mesh.vertices[v + 2]}`);
    }
    lines.push("    endloop", "  endfacet");
  }
  lines.push("endsolid torus", "");
  return Buffer.from(lines.join(lineBreak), "latin1");
}

describe("readStlFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "peerfab-stl-file-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function compare(name: string, bytes: Uint8Array, maxTriangles = Infinity): Promise<Outcome> {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const expected = outcome(() => parseStl(bytes, maxTriangles));
    const actual = await outcome(() => readStlFile(path, maxTriangles));
    // Positions compared as bytes (a deep equality over millions of floats is slow).
    expect(summary(actual)).toEqual(summary(expected));
    return actual;
  }

  it("agrees with parseStl on every STL fixture, accepted or refused", async () => {
    const folder = join(repoRoot, "fixtures", "stl");
    const names = (await readdir(folder)).filter((n) => n.endsWith(".stl"));
    expect(names.length).toBeGreaterThan(10);
    const verdicts = new Map<string, string>();
    for (const name of names) {
      const result = await compare(name, await readFile(join(folder, name)));
      verdicts.set(name, result.ok ? result.mesh.format : result.code);
    }
    expect(verdicts.get("cube-binary.stl")).toBe("binary");
    expect(verdicts.get("cube-ascii.stl")).toBe("ascii");
    expect(verdicts.get("truncated-binary.stl")).toBe("truncated-stl");
    expect(verdicts.get("nan-coordinate.stl")).toBe("non-finite-coordinate");
  });

  it("reads a binary STL spanning many reads into the same positions", async () => {
    const bytes = toBinaryStl(torus(300, 200));
    const result = await compare("big-binary.stl", bytes);
    expect(result.ok && result.mesh.triangles).toBe(120_000);
  });

  it("names the same triangle when a NaN sits beyond the first read", async () => {
    const bytes = toBinaryStl(torus(300, 200));
    new DataView(bytes.buffer).setFloat32(84 + 100_000 * 50 + 12 + 4, Number.NaN, true);
    const result = await compare("late-nan.stl", bytes);
    expect(result).toMatchObject({ ok: false, code: "non-finite-coordinate", message: expect.stringMatching(/triangle 100001\b/) as unknown });
  });

  it("refuses a binary STL over the triangle limit before reading it", async () => {
    const result = await compare("limit.stl", toBinaryStl(torus(100, 100)), 10_000);
    expect(result).toMatchObject({ ok: false, code: "too-many-triangles" });
  });

  it.each([
    ["\n", "lf"],
    ["\r\n", "crlf"],
    ["\r", "cr"],
  ])("reads an ASCII STL with %j line breaks across reads", async (lineBreak, name) => {
    const bytes = asciiStl(torus(60, 60), lineBreak);
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const result = await compare(`ascii-${name}.stl`, bytes);
    expect(result.ok && result.mesh.triangles).toBe(7200);
  });

  it("keeps a CR LF split between two reads one line break", async () => {
    const body = asciiStl(torus(60, 60), "\r\n");
    // Pad the first line so a "\r\n" straddles the 1 MB read boundary.
    const firstBreak = body.indexOf("\r\n");
    const nextBreak = body.indexOf("\r\n", 1024 * 1024 - 200);
    const padding = 1024 * 1024 - 1 - nextBreak;
    const bytes = Buffer.concat([body.subarray(0, firstBreak), Buffer.alloc(padding, 0x20), body.subarray(firstBreak)]);
    expect(bytes.subarray(1024 * 1024 - 1, 1024 * 1024 + 1).toString("latin1")).toBe("\r\n");
    await compare("ascii-split-crlf.stl", bytes);
    // A syntax error after the split is reported on the same line number.
    const broken = Buffer.from(bytes.toString("latin1").replace(/vertex ([^\r]*)\r\n(\s*endloop[\s\S]*)$/, "vertex ten $1\r\n$2"), "latin1");
    const result = await compare("ascii-split-crlf-error.stl", broken);
    expect(result).toMatchObject({ ok: false, code: "ascii-syntax" });
  });

  it("refuses an ASCII-looking file whose line never ends without holding it", async () => {
    const path = join(dir, "one-line.stl");
    await writeFile(path, Buffer.concat([Buffer.from("solid x\n"), Buffer.alloc(200 * 1024, 0x61)]));
    await expect(readStlFile(path)).rejects.toThrow(/line 2: the line is longer than 64 KB/);
  });

  it("readMeshFile streams STL and still reads a 3MF whole", async () => {
    const stlPath = join(dir, "mesh.stl");
    const stl = toBinaryStl(torus(20, 20));
    await writeFile(stlPath, stl);
    const fromFile = await readMeshFile(stlPath, DEFAULT_MESH_LIMITS, "mesh.stl");
    expect(fromFile.kind).toBe("stl");
    expect(fromFile.mesh.positions).toEqual(parseStl(stl).positions);
    const threeMf = await readMeshFile(join(repoRoot, "fixtures", "3mf", "box.3mf"), DEFAULT_MESH_LIMITS, "box.3mf");
    expect(threeMf.kind).toBe("3mf");
    await expect(readMeshFile(join(repoRoot, "fixtures", "stl", "not-an-stl.stl"), DEFAULT_MESH_LIMITS, "x.3mf")).rejects.toMatchObject({ code: "not-3mf" });
  });
});
