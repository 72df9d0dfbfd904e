/** Versions: uploading a file with an existing name makes its next version; old versions stay downloadable. */
import { join } from "node:path";
import type { Design, DesignCreated, DesignFileAdded } from "@peerfab/protocol";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser } from "./account-helpers.ts";
import { apiError, filesUnder, getJson, printFixture, send, startTestHub, stlFixture, type TestHub, upload, uploadTo } from "./helpers.ts";
import { tetrahedronStl } from "./mesh-samples.ts";

describe("file versions", () => {
  let hub: TestHub;
  let design: Design;
  const v1 = tetrahedronStl(10);
  const v2 = tetrahedronStl(20);

  beforeAll(async () => {
    hub = await startTestHub();
    const response = await upload(hub, { file: { bytes: v1, name: "bracket.stl" }, fields: { title: "Bracket" } });
    expect(response.status).toBe(201);
    design = ((await response.json()) as DesignCreated).design;
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  async function bytesOf(path: string): Promise<Buffer> {
    const response = await send(hub, path);
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  it("starts every file at version 1", () => {
    expect(design.files.map((f) => [f.name, f.version, f.previousVersions])).toEqual([["bracket.stl", 1, []]]);
  });

  it("makes version 2 from a file with the same name; the design shows it, the first stays downloadable", async () => {
    const first = design.files[0];
    const response = await uploadTo(hub, `/api/designs/${design.id}/files`, { file: { bytes: v2, name: "bracket.stl" } });
    expect(response.status).toBe(201);
    const added = (await response.json()) as DesignFileAdded;
    expect(added.file).toMatchObject({ name: "bracket.stl", version: 2, triangles: 4 });
    expect(added.file.bbox?.max).toEqual({ x: 20, y: 20, z: 20 });
    expect(added.design.files).toHaveLength(1);
    expect(added.design.files[0]?.id).toBe(added.file.id);
    expect(added.design.files[0]?.previousVersions).toEqual([{ id: first?.id, version: 1, sha256: first?.sha256, size: v1.length, createdAt: first?.createdAt }]);
    expect(added.design.updatedAt).toBe(added.file.createdAt);

    expect((await bytesOf(`/api/designs/${design.id}/files/${first?.id}`)).equals(v1)).toBe(true);
    expect((await bytesOf(`/api/designs/${design.id}/files/${added.file.id}`)).equals(v2)).toBe(true);
    expect((await bytesOf(`/api/designs/${design.id}/files/bracket.stl`)).equals(v2)).toBe(true);
    expect(await getJson<Design>(hub, `/api/designs/${design.id}`)).toEqual(added.design);
  });

  it("uses the newest version for the design's thumbnail and 3MF", async () => {
    const current = await getJson<Design>(hub, `/api/designs/${design.id}`);
    const newest = current.files[0];
    expect(current.thumbnail?.small.png).toContain(`v=${newest?.id}`);
    const threeMf = await send(hub, `/api/designs/${design.id}/download.3mf`);
    expect(threeMf.status).toBe(200);
    // The 3MF carries the newest mesh: a 20 mm tetrahedron's vertices, not the 10 mm one's.
    const entries = unzipSync(new Uint8Array(await threeMf.arrayBuffer()));
    const model = Object.entries(entries).find(([name]) => name.endsWith(".model"));
    expect(model).toBeDefined();
    expect(strFromU8(model?.[1] ?? new Uint8Array())).toMatch(/x="20\.0*"/);
  });

  it("refuses identical bytes with 409, naming the version they equal", async () => {
    const response = await uploadTo(hub, `/api/designs/${design.id}/files`, { file: { bytes: v2, name: "bracket.stl" } });
    expect(response.status).toBe(409);
    const error = await apiError(response);
    expect(error.error).toBe("same-as-current-version");
    expect(error.detail).toMatch(/same as version 2/);
    expect((await getJson<Design>(hub, `/api/designs/${design.id}`)).files[0]?.version).toBe(2);
  });

  it("adds a file with a new name as version 1 beside the others, and G-code variants the same way", async () => {
    const response = await uploadTo(hub, `/api/designs/${design.id}/files`, { file: { bytes: await stlFixture("cube-binary.stl"), name: "spacer.stl" } });
    expect(response.status).toBe(201);
    const gcode = await printFixture("cube-10mm.gcode");
    const variant = await uploadTo(hub, `/api/designs/${design.id}/files`, { gcode: { bytes: gcode, name: "bracket.gcode" } });
    expect(variant.status).toBe(201);
    const variant2 = await uploadTo(hub, `/api/designs/${design.id}/files`, { gcode: { bytes: Buffer.concat([gcode, Buffer.from("G1 X1\n")]), name: "bracket.gcode" } });
    expect(variant2.status).toBe(201);
    const { design: now } = (await variant2.json()) as DesignFileAdded;
    expect(now.files.map((f) => [f.name, f.kind, f.version, f.previousVersions?.length])).toEqual([
      ["bracket.stl", "stl", 2, 1],
      ["spacer.stl", "stl", 1, 0],
      ["bracket.gcode", "gcode", 2, 1],
    ]);
  });

  it("refuses a mesh as a new version of a G-code file (and the other way round)", async () => {
    const response = await uploadTo(hub, `/api/designs/${design.id}/files`, { file: { bytes: tetrahedronStl(5), name: "bracket.gcode" } });
    expect(response.status).toBe(400);
    expect((await apiError(response)).error).toBe("file-kind-mismatch");
  });

  it("zips the newest version of each file", async () => {
    const zip = await send(hub, `/api/designs/${design.id}/download.zip`);
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Buffer.from(entries["bracket.stl"] ?? new Uint8Array()).equals(v2)).toBe(true);
  });

  it("leaves nothing behind when a new version is rejected", async () => {
    const before = { blobs: await filesUnder(join(hub.dataDir, "blobs")), design: await getJson<Design>(hub, `/api/designs/${design.id}`) };
    const response = await uploadTo(hub, `/api/designs/${design.id}/files`, { file: { bytes: await stlFixture("truncated-binary.stl"), name: "bracket.stl" } });
    expect(response.status).toBe(422);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before.blobs);
    expect(await getJson<Design>(hub, `/api/designs/${design.id}`)).toEqual(before.design);
  });

  it("asks for exactly one file", async () => {
    const none = await uploadTo(hub, `/api/designs/${design.id}/files`, { fields: { title: "x" } });
    expect(none.status).toBe(400);
    expect((await apiError(none)).error).toBe("one-file-expected");
  });

  it("lets only the owner add files (403 with words, nothing stored)", async () => {
    const other = await registerUser(hub, "eve@example.com", "Eve");
    const token = (await createToken(hub, other, "tests")).token;
    const blobs = await filesUnder(join(hub.dataDir, "blobs"));
    const response = await uploadTo(hub, `/api/designs/${design.id}/files`, { file: { bytes: tetrahedronStl(33), name: "bracket.stl" } }, token);
    expect(response.status).toBe(403);
    expect((await apiError(response)).detail).toMatch(/Only Local maker.*remix it/);
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(blobs);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
  });
});
