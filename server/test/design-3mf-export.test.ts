/**
 * The whole-design 3MF download for a design with several files: every current mesh (an STL and
 * a 3MF with several build items) in one package that the real PrusaSlicer opens, laid out in a
 * row without overlap; older versions and G-code variants left out; nothing left in the temp area.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type DesignCreated } from "@peerfab/protocol";
import { parse3mf } from "@peerfab/protocol/formats/3mf";
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILE_GAP_MM } from "../src/downloads/design-3mf-file.ts";
import { printFixture, startTestHub, stlFixture, type TestHub, threeMfFixture, until, upload, uploadTo } from "./helpers.ts";
import { tetrahedronStl } from "./mesh-samples.ts";

const run = promisify(execFile);

/** One object as `prusa-slicer --info` describes it. */
interface SlicerObject {
  facets: number;
  manifold: boolean;
  min: [number, number, number];
  max: [number, number, number];
}

async function slicerInfo(file: string): Promise<SlicerObject[]> {
  const { stdout } = await run("prusa-slicer", ["--info", file], { timeout: 60_000 });
  return stdout
    .split(/^\[[^\]\n]+\]$/m)
    .slice(1)
    .map((block) => {
      const value = (key: string) => {
        const match = new RegExp(`^${key} = (.+)$`, "m").exec(block);
        if (!match?.[1]) throw new Error(`prusa-slicer --info printed no ${key}:\n${block}`);
        return match[1].trim();
      };
      const axes = (prefix: string) => ["x", "y", "z"].map((a) => Number(value(`${prefix}_${a}`))) as [number, number, number];
      return { facets: Number(value("number_of_facets")), manifold: value("manifold") === "yes", min: axes("min"), max: axes("max") };
    });
}

const byPosition = (a: { min: readonly number[] }, b: { min: readonly number[] }) =>
  (a.min[0] as number) - (b.min[0] as number) || (a.min[1] as number) - (b.min[1] as number);

describe("the design as 3MF, for a design of several files", () => {
  let hub: TestHub;
  let scratch: string;
  let designId: string;
  let cylinders: Buffer;
  const tetrahedron = tetrahedronStl(20, "version 2");

  beforeAll(async () => {
    hub = await startTestHub();
    scratch = await mkdtemp(join(tmpdir(), "peerfab-3mf-export-"));
    cylinders = await threeMfFixture("multiple_cylinders.3mf");
    const created = await upload(hub, {
      file: { bytes: await stlFixture("cube-binary.stl"), name: "part.stl" },
      gcode: { bytes: await printFixture("cube-10mm.gcode"), name: "part.gcode" },
      fields: { title: "Parts kit", license: "CC-BY-4.0" },
    });
    expect(created.status).toBe(201);
    designId = ((await created.json()) as DesignCreated).id;
    const added = await uploadTo(hub, `/api/designs/${designId}/files`, { file: { bytes: cylinders, name: "cylinders.3mf" } });
    expect(added.status).toBe(201);
    // Version 2 of part.stl: a 20 mm tetrahedron replaces the 10 mm cube.
    const version = await uploadTo(hub, `/api/designs/${designId}/files`, { file: { bytes: tetrahedron, name: "part.stl" } });
    expect(version.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("holds the newest version of every mesh file, each 3MF build item as its own object, in a row PrusaSlicer opens", async () => {
    const response = await fetch(`${hub.url}/api/designs/${designId}/download.3mf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("model/3mf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);

    const file = join(scratch, "parts-kit.3mf");
    await writeFile(file, bytes);
    const objects = (await slicerInfo(file)).sort(byPosition);

    // What the uploaded files hold, placed as the export promises: the first file where it is,
    // the 3MF's items moved along x to start FILE_GAP_MM after the tetrahedron, y and z kept.
    const source = parse3mf(new Uint8Array(cylinders), DEFAULT_MESH_LIMITS);
    const boxOf = (first: number, count: number) => {
      const min: [number, number, number] = [Infinity, Infinity, Infinity];
      const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
      for (let i = first * 9; i < (first + count) * 9; i++) {
        const axis = i % 3;
        min[axis] = Math.min(min[axis] as number, source.mesh.positions[i] as number);
        max[axis] = Math.max(max[axis] as number, source.mesh.positions[i] as number);
      }
      return { min, max };
    };
    const whole = boxOf(0, source.mesh.triangles);
    const dx = 20 + FILE_GAP_MM - whole.min[0];
    const expected = [
      { facets: 4, min: [0, 0, 0], max: [20, 20, 20] },
      ...source.parts.map((part) => {
        const box = boxOf(part.firstTriangle, part.triangles);
        return { facets: part.triangles, min: [box.min[0] + dx, box.min[1], box.min[2]], max: [box.max[0] + dx, box.max[1], box.max[2]] };
      }),
    ].sort(byPosition);

    expect(objects.map((o) => o.facets)).toEqual(expected.map((o) => o.facets));
    for (const [i, object] of objects.entries()) {
      expect(object.manifold).toBe(true);
      for (const axis of [0, 1, 2]) {
        expect(object.min[axis]).toBeCloseTo(expected[i]?.min[axis] as number, 3);
        expect(object.max[axis]).toBeCloseTo(expected[i]?.max[axis] as number, 3);
      }
    }
    // No two files overlap: the row leaves the gap between the tetrahedron and the cylinders.
    const cylinderMinX = Math.min(...objects.filter((o) => o.facets !== 4).map((o) => o.min[0]));
    expect(cylinderMinX).toBeGreaterThanOrEqual(20 + FILE_GAP_MM - 1e-3);
  }, 90_000);

  it("embeds the primary mesh's newest thumbnail and leaves no temp file behind", async () => {
    const response = await fetch(`${hub.url}/api/designs/${designId}/download.3mf`);
    const parts = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const thumbnail = await fetch(`${hub.url}/api/designs/${designId}/files/part.stl/thumbnail?size=large&format=png`);
    expect(Buffer.from(parts["Metadata/thumbnail.png"] ?? []).equals(Buffer.from(await thumbnail.arrayBuffer()))).toBe(true);
    // The temp file is deleted when the hub's read stream closes, just after the last byte is sent.
    await until("the temp area to be empty", async () => ((await readdir(join(hub.dataDir, "tmp"))).length === 0 ? true : undefined));
  }, 30_000);
});
