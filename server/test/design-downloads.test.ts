import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Design, type DesignCreated, DesignSchema } from "@peerfab/protocol";
import { strFromU8, unzipSync } from "fflate";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse3mf } from "@peerfab/protocol/formats/3mf";
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";
import { apiError, getJson, printFixture, startTestHub, stlFixture, type TestHub, threeMfFixture, until, upload } from "./helpers.ts";

const run = promisify(execFile);

describe("thumbnails and downloads", () => {
  let hub: TestHub;
  let scratch: string;
  let cube: Design;
  let stl: Buffer;
  let gcode: Buffer;

  beforeAll(async () => {
    hub = await startTestHub();
    scratch = await mkdtemp(join(tmpdir(), "peerfab-downloads-"));
    stl = await stlFixture("cube-binary.stl");
    gcode = await printFixture("cube-10mm.gcode");
    const response = await upload(hub, {
      file: { bytes: stl, name: "cube.stl" },
      gcode: { bytes: gcode, name: "cube.gcode" },
      fields: { title: "Cube <10 mm> & friends", description: "A cube", license: "CC-BY-SA-4.0" },
    });
    expect(response.status).toBe(201);
    cube = ((await response.json()) as DesignCreated).design;
  }, 30_000);
  afterAll(async () => {
    await hub?.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("renders thumbnails at upload and lists their URLs on the design and its mesh file", async () => {
    const design = DesignSchema.parse(await getJson(hub, `/api/designs/${cube.id}`));
    const [mesh, variant] = design.files;
    expect(mesh?.thumbnail?.small.edge).toBe(256);
    expect(mesh?.thumbnail?.large.edge).toBe(640);
    expect(variant?.thumbnail).toBeNull();
    expect(design.thumbnail?.small.webp).toMatch(new RegExp(`^/api/designs/${cube.id}/thumbnail\\?size=small&format=webp&v=`));
    expect(design.downloads).toEqual({ threeMf: `/api/designs/${cube.id}/download.3mf`, zip: `/api/designs/${cube.id}/download.zip` });
  });

  it("serves each size and format as an image of that size, with ETag and a long cache lifetime", async () => {
    const set = cube.files[0]?.thumbnail;
    expect(set).toBeTruthy();
    for (const size of ["small", "large"] as const) {
      for (const format of ["png", "webp"] as const) {
        const response = await fetch(`${hub.url}${set?.[size][format]}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe(`image/${format}`);
        expect(response.headers.get("cache-control")).toMatch(/max-age=31536000/);
        const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual([format, set?.[size].edge, set?.[size].edge]);
        const etag = response.headers.get("etag") ?? "";
        expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
        const again = await fetch(`${hub.url}${set?.[size][format]}`, { headers: { "if-none-match": etag } });
        expect(again.status).toBe(304);
      }
    }
  });

  it("serves the design's thumbnail (its primary mesh's) with size and format defaults", async () => {
    const byDesign = await fetch(`${hub.url}/api/designs/${cube.id}/thumbnail`);
    const byFile = await fetch(`${hub.url}/api/designs/${cube.id}/files/cube.stl/thumbnail?size=small&format=png`);
    expect(byDesign.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await byDesign.arrayBuffer()).equals(Buffer.from(await byFile.arrayBuffer()))).toBe(true);
  });

  it("answers 404 JSON when there is no thumbnail and 400 for a bad size", async () => {
    const forGcode = await fetch(`${hub.url}/api/designs/${cube.id}/files/cube.gcode/thumbnail`);
    expect(forGcode.status).toBe(404);
    expect((await apiError(forGcode)).error).toBe("thumbnail-not-found");
    const noDesign = await fetch(`${hub.url}/api/designs/dsn_nope/thumbnail`);
    expect(noDesign.status).toBe(404);
    expect((await apiError(noDesign)).error).toBe("design-not-found");
    const badSize = await fetch(`${hub.url}/api/designs/${cube.id}/thumbnail?size=huge`);
    expect(badSize.status).toBe(400);
    expect((await apiError(badSize)).detail).toMatch(/small, large/);
  });

  it("exports the design as a 3MF that PrusaSlicer opens, with the thumbnail and metadata inside", async () => {
    const response = await fetch(`${hub.url}/api/designs/${cube.id}/download.3mf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("model/3mf");
    expect(response.headers.get("content-disposition")).toMatch(/\.3mf"/);
    const bytes = new Uint8Array(await response.arrayBuffer());

    const parsed = parse3mf(bytes, DEFAULT_MESH_LIMITS);
    expect(parsed.mesh.triangles).toBe(12);
    expect(cube.files[0]?.bbox).toEqual({ min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 10, z: 10 } });
    const positions = Array.from(parsed.mesh.positions);
    expect([Math.min(...positions), Math.max(...positions)]).toEqual([0, 10]);

    const parts = unzipSync(bytes);
    const thumbnail = await fetch(`${hub.url}/api/designs/${cube.id}/files/cube.stl/thumbnail?size=large&format=png`);
    expect(Buffer.from(parts["Metadata/thumbnail.png"] ?? []).equals(Buffer.from(await thumbnail.arrayBuffer()))).toBe(true);
    expect(strFromU8(parts["_rels/.rels"] ?? new Uint8Array())).toMatch(/Target="\/Metadata\/thumbnail.png"[^>]*relationships\/metadata\/thumbnail/);
    const model = strFromU8(parts["3D/3dmodel.model"] ?? new Uint8Array());
    expect(model).toMatch(/unit="millimeter"/);
    expect(model).toContain("Cube &#60;10 mm&#62; &#38; friends");
    expect(model).toContain("CC-BY-SA-4.0 (https://creativecommons.org/licenses/by-sa/4.0/)");

    const file = join(scratch, "cube.3mf");
    await writeFile(file, bytes);
    const { stdout } = await run("prusa-slicer", ["--info", file], { timeout: 60_000 });
    expect(stdout).toMatch(/size_x = 10\.0+\b/);
    expect(stdout).toMatch(/size_y = 10\.0+\b/);
    expect(stdout).toMatch(/size_z = 10\.0+\b/);
    expect(stdout).toMatch(/number_of_facets = 12\b/);
    expect(stdout).toMatch(/manifold = yes/);
  }, 90_000);

  it("exports an uploaded 3MF build (transforms applied) as a 3MF with the same triangles and box", async () => {
    const source = await threeMfFixture("box.3mf");
    const response = await upload(hub, { file: { bytes: source, name: "box.3mf" } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as DesignCreated;
    const exported = new Uint8Array(await (await fetch(`${hub.url}/api/designs/${created.id}/download.3mf`)).arrayBuffer());
    const original = parse3mf(new Uint8Array(source), DEFAULT_MESH_LIMITS);
    const again = parse3mf(exported, DEFAULT_MESH_LIMITS);
    expect(again.mesh.triangles).toBe(original.mesh.triangles);
    expect(again.mesh.triangles).toBe(created.triangles);
    const box = (p: Float32Array) => [0, 1, 2].flatMap((axis) => {
      const values = p.filter((_, i) => i % 3 === axis);
      return [Math.min(...values), Math.max(...values)];
    });
    expect(box(again.mesh.positions)).toEqual(box(original.mesh.positions));
    expect(created.design.thumbnail).toBeTruthy();
  }, 30_000);

  it("zips every file of the design with a README carrying the attribution", async () => {
    const response = await fetch(`${hub.url}/api/designs/${cube.id}/download.zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(entries)).toEqual(["README.txt", "cube.stl", "cube.gcode"]);
    expect(Buffer.from(entries["cube.stl"] ?? []).equals(stl)).toBe(true);
    expect(Buffer.from(entries["cube.gcode"] ?? []).equals(gcode)).toBe(true);
    const readme = strFromU8(entries["README.txt"] ?? new Uint8Array());
    expect(readme).toContain("Cube <10 mm> & friends");
    expect(readme).toContain("Author:    Local maker");
    expect(readme).toContain("CC-BY-SA-4.0");
    expect(readme).toContain("https://creativecommons.org/licenses/by-sa/4.0/");
  });

  it("answers 404 JSON for downloads of a design that does not exist", async () => {
    for (const path of ["download.3mf", "download.zip"]) {
      const response = await fetch(`${hub.url}/api/designs/dsn_nope/${path}`);
      expect(response.status).toBe(404);
      expect((await apiError(response)).error).toBe("design-not-found");
    }
  });
});

describe("thumbnails of files stored before the renderer", () => {
  it("are rendered in the background after the hub starts", async () => {
    const first = await startTestHub();
    const response = await upload(first, { file: { bytes: await stlFixture("cube-binary.stl"), name: "old.stl" } });
    const { id } = (await response.json()) as DesignCreated;
    await first.close();
    // As a hub from before thumbnails left it: no thumbnail rows.
    const db = new Database(join(first.dataDir, "peerfab.sqlite"));
    db.prepare("DELETE FROM file_thumbnails").run();
    db.close();

    const second = await startTestHub({ dataDir: first.dataDir });
    try {
      const design = await until("the backfilled thumbnail", async () => (await getJson<Design>(second, `/api/designs/${id}`)).thumbnail ?? undefined);
      const image = await fetch(`${second.url}${design.small.png}`);
      expect(image.status).toBe(200);
      expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width).toBe(256);
    } finally {
      await second.dispose();
    }
  }, 30_000);
});
