/**
 * The streaming 3MF writer: a model whose XML spans many deflate pieces (each compressed on its
 * own by native zlib, joined by sync flushes) is a valid ZIP (`unzip -t` checks every CRC) whose
 * objects read back exactly, each moved by its offset, with the metadata escaped.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse3mf } from "@peerfab/protocol/formats/3mf";
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { torus, toBinaryStl } from "../bench/torus.ts";
import { ThreeMfWriter } from "../src/downloads/three-mf-export.ts";
import { parseStl } from "../src/mesh/stl.ts";

const run = promisify(execFile);

describe("ThreeMfWriter", () => {
  it("writes a multi-megabyte model in pieces that join into a valid package and read back exactly", async () => {
    // 60,000 triangles: about 4 MB of XML, so the model entry is deflated in several 1 MB pieces.
    const ring = parseStl(toBinaryStl(torus(150, 200)));
    const small = parseStl(toBinaryStl(torus(12, 10, 5, 2)));
    const chunks: Uint8Array[] = [];
    const writer = new ThreeMfWriter(
      (chunk) => chunks.push(chunk.slice()),
      { title: "Ring & <pin>", author: "Ada", description: "", license: "CC0-1.0", createdAt: new Date("2025-01-02T00:00:00Z") },
      null,
    );
    writer.addObject("ring", { positions: ring.positions, first: 0, count: ring.triangles });
    writer.addObject("pin", { positions: small.positions, first: 0, count: small.triangles }, [100, 0, 0]);
    writer.finish();
    const bytes = new Uint8Array(Buffer.concat(chunks));

    const dir = await mkdtemp(join(tmpdir(), "peerfab-3mf-writer-"));
    try {
      await writeFile(join(dir, "ring.3mf"), bytes);
      const { stdout } = await run("unzip", ["-t", join(dir, "ring.3mf")]);
      expect(stdout).toMatch(/No errors detected/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const model = unzipSync(bytes)["3D/3dmodel.model"] ?? new Uint8Array();
    expect(model.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(strFromU8(model)).toContain('<metadata name="Title">Ring &#38; &#60;pin&#62;</metadata>');

    const read = parse3mf(bytes, DEFAULT_MESH_LIMITS);
    expect(read.parts.map((p) => [p.name, p.triangles])).toEqual([
      ["ring", ring.triangles],
      ["pin", small.triangles],
    ]);
    // Bit for bit: 9 significant digits round-trip every float32.
    const bitsOf = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    expect(bitsOf(read.mesh.positions.subarray(0, ring.triangles * 9)).equals(bitsOf(ring.positions))).toBe(true);
    const moved = small.positions.map((value, i) => (i % 3 === 0 ? value + 100 : value));
    expect(bitsOf(read.mesh.positions.subarray(ring.triangles * 9)).equals(bitsOf(moved))).toBe(true);
  }, 60_000);

  it("refuses to finish a package without objects", () => {
    const writer = new ThreeMfWriter(() => undefined, { title: "", author: "", description: "", license: "", createdAt: new Date() }, null);
    expect(() => writer.finish()).toThrow(/at least one object/);
  });
});
