/**
 * A sliced plate package (.gcode.3mf) sent as the model (field `file`) is recognised by its
 * content — whatever its name, even when the rest of it is a valid 3MF — and answered with what to
 * do instead (send it in `gcode`), leaving no design, file, blob or temp file behind.
 */
import { join } from "node:path";
import type { Design, DesignCreated } from "@peerfab/protocol";
import { unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, designTotal, filesUnder, getJson, printFixture, startTestHub, stlFixture, type TestHub, threeMfFixture, upload, uploadTo } from "./helpers.ts";

describe("a sliced plate sent as the model", () => {
  let hub: TestHub;
  let plate: Buffer;

  beforeAll(async () => {
    hub = await startTestHub();
    plate = await printFixture("cube-10mm.gcode.3mf");
  }, 30_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  async function expectRefusedWithNothingLeft(send: () => Promise<Response>, entry: string): Promise<void> {
    const before = { total: await designTotal(hub), blobs: await filesUnder(join(hub.dataDir, "blobs")) };
    const response = await send();
    expect(response.status).toBe(422);
    const error = await apiError(response);
    expect(error.error).toBe("sliced-plate");
    expect(error.detail).toContain(".gcode.3mf");
    expect(error.detail).toContain(`'${entry}'`);
    expect(error.detail).toMatch(/G-code variant in the field 'gcode'/);
    expect(await designTotal(hub)).toBe(before.total);
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before.blobs);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
  }

  it("is refused with the field to use, by content: named .gcode.3mf or plain .3mf alike", async () => {
    for (const name of ["cube.gcode.3mf", "cube.3mf"]) {
      await expectRefusedWithNothingLeft(() => upload(hub, { file: { bytes: plate, name } }), "Metadata/plate_1.gcode");
    }
  }, 30_000);

  it("is refused even when the package's model would parse: any G-code entry marks a sliced plate", async () => {
    const box = unzipSync(new Uint8Array(await threeMfFixture("box.3mf")));
    const withGcode = Buffer.from(zipSync({ ...box, "print.gcode": new Uint8Array(await printFixture("cube-10mm.gcode")) }));
    await expectRefusedWithNothingLeft(() => upload(hub, { file: { bytes: withGcode, name: "box.3mf" } }), "print.gcode");
    // The same archive without the G-code entry is an ordinary 3MF.
    const plain = await upload(hub, { file: { bytes: Buffer.from(zipSync(box)), name: "box.3mf" } });
    expect(plain.status).toBe(201);
  }, 30_000);

  it("is refused as a new file of a design too, which stays as it was; in the field 'gcode' it is taken", async () => {
    const created = await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "cube.stl" } });
    const { id } = (await created.json()) as DesignCreated;
    const before = await getJson<Design>(hub, `/api/designs/${id}`);
    await expectRefusedWithNothingLeft(() => uploadTo(hub, `/api/designs/${id}/files`, { file: { bytes: plate, name: "plate.gcode.3mf" } }), "Metadata/plate_1.gcode");
    expect(await getJson<Design>(hub, `/api/designs/${id}`)).toEqual(before);

    const asVariant = await uploadTo(hub, `/api/designs/${id}/files`, { gcode: { bytes: plate, name: "plate.gcode.3mf" } });
    expect(asVariant.status).toBe(201);
  }, 30_000);
});
