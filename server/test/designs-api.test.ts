import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Design, DesignCreated, DesignList } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, designTotal, filesUnder, getJson, printFixture, repoRoot, send, startTestHub, stlFixture, type TestHub, threeMfFixture, upload } from "./helpers.ts";

describe("designs API", () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ maxUploadBytes: 128 * 1024 });
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  /** Uploads a bad mesh (with a G-code variant no other test uploads, so a leftover blob would show) and checks the error and that nothing was kept. */
  async function expectRejectedLeavingNothing(name: string, bytes: Buffer, status: number, code: string, detail: RegExp): Promise<void> {
    const before = { total: await designTotal(hub), blobs: await filesUnder(join(hub.dataDir, "blobs")) };
    const response = await upload(hub, {
      file: { bytes, name },
      gcode: { bytes: Buffer.from(`; variant for ${name}\nG28\nG1 X10\n`), name: "fresh-variant.gcode" },
    });
    expect(response.status).toBe(status);
    const error = await apiError(response);
    expect(error.error).toBe(code);
    expect(error.detail).toMatch(detail);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before.blobs);
    expect(await designTotal(hub)).toBe(before.total);
  }

  it("answers health", async () => {
    expect(await getJson(hub, "/api/health")).toEqual({ ok: true });
  });

  it("stores a binary STL with its G-code and gives back the original bytes", async () => {
    const stl = await stlFixture("cube-binary.stl");
    const gcode = await printFixture("cube-10mm.gcode");
    const response = await upload(hub, {
      file: { bytes: stl, name: "cube.stl" },
      gcode: { bytes: gcode, name: "cube.gcode" },
      fields: { title: "Cube", description: "A cube", license: "CC0-1.0" },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as DesignCreated;
    expect(created.triangles).toBe(12);
    expect(created.bbox).toEqual({ min: { x: 0, y: 0, z: 0 }, max: { x: 10, y: 10, z: 10 } });
    expect(created.design).toMatchObject({ title: "Cube", description: "A cube", license: "CC0-1.0", authorName: "Local maker" });
    expect(created.design.files.map((f) => [f.name, f.kind])).toEqual([
      ["cube.stl", "stl"],
      ["cube.gcode", "gcode"],
    ]);

    const byName = await fetch(`${hub.url}/api/designs/${created.id}/files/cube.stl`);
    expect(byName.status).toBe(200);
    expect(byName.headers.get("content-type")).toBe("model/stl");
    expect(byName.headers.get("content-disposition")).toMatch(/filename="cube.stl"/);
    const stlFile = created.design.files[0];
    expect(byName.headers.get("etag")).toBe(`"${stlFile?.sha256}"`);
    expect(Buffer.from(await byName.arrayBuffer()).equals(stl)).toBe(true);

    const gcodeFile = created.design.files[1];
    const byId = await fetch(`${hub.url}/api/designs/${created.id}/files/${gcodeFile?.id}`);
    expect(byId.headers.get("content-type")).toBe("text/x.gcode");
    expect(Buffer.from(await byId.arrayBuffer()).equals(gcode)).toBe(true);

    const unchanged = await fetch(`${hub.url}/api/designs/${created.id}/files/cube.stl`, { headers: { "if-none-match": `"${stlFile?.sha256}"` } });
    expect(unchanged.status).toBe(304);
  });

  it("stores an ASCII STL with defaults from the file name and CC-BY-4.0", async () => {
    const response = await upload(hub, { file: { bytes: await stlFixture("cube-ascii.stl"), name: "shifted_cube.stl" } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as DesignCreated;
    expect(created.triangles).toBe(12);
    expect(created.bbox).toEqual({ min: { x: -5, y: 2, z: 0 }, max: { x: 15, y: 22, z: 20 } });
    expect(created.design.title).toBe("shifted cube");
    expect(created.design.license).toBe("CC-BY-4.0");
    expect(await getJson<Design>(hub, `/api/designs/${created.id}`)).toEqual(created.design);
  });

  it("lists designs newest first, a page at a time", async () => {
    const first = (await (await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "a.stl" }, fields: { title: "List A" } })).json()) as DesignCreated;
    const second = (await (await upload(hub, { file: { bytes: await stlFixture("binary-solid-header.stl"), name: "b.stl" }, fields: { title: "List B" } })).json()) as DesignCreated;
    const page1 = await getJson<DesignList>(hub, "/api/designs?page=1&pageSize=1");
    expect(page1.designs.map((d) => d.id)).toEqual([second.id]);
    expect(page1).toMatchObject({ page: 1, pageSize: 1 });
    const page2 = await getJson<DesignList>(hub, "/api/designs?page=2&pageSize=1");
    expect(page2.designs.map((d) => d.id)).toEqual([first.id]);
    expect(page2.total).toBe(page1.total);
    const bad = await fetch(`${hub.url}/api/designs?pageSize=0`);
    expect(bad.status).toBe(400);
    expect((await apiError(bad)).detail).toMatch(/pageSize/);
  });

  it("answers 404 JSON for a missing design or file", async () => {
    const missing = await fetch(`${hub.url}/api/designs/dsn_nope`);
    expect(missing.status).toBe(404);
    expect(await apiError(missing)).toMatchObject({ error: "design-not-found" });
    const created = (await (await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "c.stl" } })).json()) as DesignCreated;
    const noFile = await fetch(`${hub.url}/api/designs/${created.id}/files/other.stl`);
    expect(noFile.status).toBe(404);
    expect((await apiError(noFile)).detail).toMatch(/has no file 'other.stl'/);
  });

  const badFiles: [string, number, string, RegExp][] = [
    ["empty.stl", 400, "empty-file", /empty/],
    ["not-an-stl.stl", 415, "not-stl", /not an ASCII STL/],
    ["truncated-binary.stl", 422, "truncated-stl", /cut off/],
    ["wrong-count.stl", 422, "triangle-count-mismatch", /says 20 triangles but the file holds 12/],
    ["nan-coordinate.stl", 422, "non-finite-coordinate", /not a finite number/],
    ["zero-triangles.stl", 422, "zero-triangles", /no triangles/],
    ["ascii-syntax-error.stl", 422, "ascii-syntax", /line 6/],
  ];
  it.each(badFiles)("rejects %s with %i and leaves nothing behind", async (name, status, code, detail) => {
    await expectRejectedLeavingNothing(name, await stlFixture(name), status, code, detail);
  });

  it("stores the full analysis with an STL and serves it with the design", async () => {
    const response = await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "analysed.stl" } });
    const created = (await response.json()) as DesignCreated;
    const stored = (await getJson<Design>(hub, `/api/designs/${created.id}`)).files[0];
    expect(stored?.analysis).toMatchObject({ triangles: 12, vertices: 8, shells: 1, watertight: true, manifold: true, invertedTriangles: 0, objects: null });
    expect(stored?.analysis?.volumeMm3).toBeCloseTo(1000, 3);
  });

  it("detects a 3MF by content, stores it as kind 3mf and analyses each build item", async () => {
    const bytes = await threeMfFixture("components-inch.3mf");
    const response = await upload(hub, { file: { bytes, name: "upload.bin" } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as DesignCreated;
    expect(created.triangles).toBe(24);
    const file = created.design.files[0];
    expect(file?.kind).toBe("3mf");
    expect(file?.analysis).toMatchObject({ shells: 2, watertight: true, objects: [{ name: "two cubes", objectId: "2", triangles: 24 }] });
    const download = await fetch(`${hub.url}/api/designs/${created.id}/files/${file?.id}`);
    expect(download.headers.get("content-type")).toBe("model/3mf");
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    const production = await upload(hub, { file: { bytes: await threeMfFixture("box_prod.3mf"), name: "box_prod.3mf" } });
    expect(production.status).toBe(201);
    expect(((await production.json()) as DesignCreated).design.files[0]?.analysis?.volumeMm3).toBeCloseTo(6000, 1);
  });

  const bad3mf: [string, number, string, RegExp][] = [
    ["not-a-zip.3mf", 415, "not-3mf", /not a ZIP archive/],
    ["missing-content-types.3mf", 422, "missing-3mf-part", /Content_Types/],
    ["missing-rels.3mf", 422, "missing-3mf-part", /_rels\/\.rels/],
    ["missing-model.3mf", 422, "missing-3mf-part", /not in the archive/],
    ["malformed-xml.3mf", 422, "malformed-xml", /not well-formed XML/],
    ["doctype-entity.3mf", 422, "xml-doctype", /DOCTYPE/],
    ["escaping-entry.3mf", 422, "unsafe-zip-entry", /escapes the archive/],
    ["zip-bomb.3mf", 413, "zip-too-large", /zip bomb/],
    ["vertex-index-out-of-range.3mf", 422, "invalid-3mf", /v3="8"/],
    ["missing-object.3mf", 422, "invalid-3mf", /object 9/],
    ["component-cycle.3mf", 422, "invalid-3mf", /cycle/],
  ];
  it.each(bad3mf)("rejects %s with %i and leaves nothing behind", async (name, status, code, detail) => {
    await expectRejectedLeavingNothing(name, await threeMfFixture(name), status, code, detail);
  });

  it("rejects an unknown license, naming the allowed ones", async () => {
    const response = await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "x.stl" }, fields: { license: "WTFPL" } });
    expect(response.status).toBe(400);
    const error = await apiError(response);
    expect(error.error).toBe("unknown-license");
    expect(error.detail).toMatch(/'WTFPL'.*CC0-1.0/);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
  });

  it("rejects an upload without the file field", async () => {
    const response = await upload(hub, { gcode: { bytes: await printFixture("cube-10mm.gcode"), name: "only.gcode" }, fields: { title: "No mesh" } });
    expect(response.status).toBe(400);
    expect(await apiError(response)).toMatchObject({ error: "missing-file" });
    expect((await apiError(await upload(hub, {}))).detail).toMatch(/field 'file'/);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
  });

  it("rejects a file over the size limit with 413", async () => {
    const before = await filesUnder(join(hub.dataDir, "blobs"));
    const response = await upload(hub, { file: { bytes: new Uint8Array(200 * 1024), name: "huge.stl" } });
    expect(response.status).toBe(413);
    expect((await apiError(response)).detail).toMatch(/larger than the hub's limit of 128 KB/);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before);
  });

  it("rejects a G-code variant without commands", async () => {
    const response = await upload(hub, {
      file: { bytes: await stlFixture("cube-binary.stl"), name: "y.stl" },
      gcode: { bytes: Buffer.from("; only a comment\n\n"), name: "empty.gcode" },
    });
    expect(response.status).toBe(422);
    expect((await apiError(response)).detail).toMatch(/has no commands/);
  });

  it("asks for multipart when the body is something else", async () => {
    const response = await send(hub, "/api/designs", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(415);
    expect((await apiError(response)).detail).toMatch(/multipart\/form-data/);
  });
});

describe("designs API limits", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ maxTriangles: 20 });
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("applies the configured triangle limit to STL and 3MF alike, leaving nothing behind", async () => {
    expect((await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "small.stl" } })).status).toBe(201);
    for (const [bytes, name] of [
      [await threeMfFixture("components-inch.3mf"), "big.3mf"],
      [await threeMfFixture("multiple_cylinders.3mf"), "cylinders.3mf"],
      [await readFile(join(repoRoot, "models", "pencil-cup.stl")), "pencil-cup.stl"],
    ] as const) {
      const response = await upload(hub, { file: { bytes, name } });
      expect(response.status).toBe(413);
      expect(await apiError(response)).toMatchObject({ error: "too-many-triangles", detail: expect.stringMatching(/limit of 20/) });
    }
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
    expect(await designTotal(hub)).toBe(1);
  });
});
