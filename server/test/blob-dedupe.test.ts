/**
 * Blobs are content-addressed (issue #4): the same bytes uploaded again — as another design, a
 * remix or a file of another design — are stored once, under their sha256, and every design
 * still serves them; a blob is named by the sha256 of its content.
 */
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import type { DesignCreated } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesUnder, startTestHub, stlFixture, type TestHub, upload, uploadTo } from "./helpers.ts";

describe("content-addressed blobs", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("stores the same file once, however many designs hold it", async () => {
    const stl = await stlFixture("cube-ascii.stl");
    const sha256 = createHash("sha256").update(stl).digest("hex");
    const blobsNamed = async () => (await filesUnder(join(hub.dataDir, "blobs"))).filter((path) => basename(path) === sha256);

    const first = (await (await upload(hub, { file: { bytes: stl, name: "a.stl" }, fields: { title: "First" } })).json()) as DesignCreated;
    expect(first.design.files[0]?.sha256).toBe(sha256);
    const other = (await (await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "d.stl" } })).json()) as DesignCreated;
    const before = await filesUnder(join(hub.dataDir, "blobs"));
    expect(await blobsNamed()).toHaveLength(1);

    const again = await upload(hub, { file: { bytes: stl, name: "b.stl" }, fields: { title: "Second" } });
    const remix = await uploadTo(hub, `/api/designs/${first.id}/remix`, { file: { bytes: stl, name: "c.stl" }, fields: { title: "Remix" } });
    const added = await uploadTo(hub, `/api/designs/${other.id}/files`, { file: { bytes: stl, name: "e.stl" } });
    expect([again.status, remix.status, added.status]).toEqual([201, 201, 201]);

    // Not one new blob: the file and its thumbnails (the same renderings) are all stored already.
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before);
    expect(await blobsNamed()).toHaveLength(1);
    for (const design of [(await again.json()) as DesignCreated, (await remix.json()) as DesignCreated]) {
      const served = await fetch(`${hub.url}/api/designs/${design.id}/files/${design.design.files[0]?.id}`);
      expect(Buffer.from(await served.arrayBuffer()).equals(stl)).toBe(true);
    }
  });
});
