/**
 * G-code variants on a real hub: the analyzer's summary stored with the file (the uploader's
 * printer and material winning over the slicer's), the embedded thumbnail served like a mesh's,
 * `.gcode.3mf` plate packages accepted by content and printed through a bridge as the plain
 * G-code inside, and broken packages refused leaving nothing behind.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { BridgeToHubEvents, DesignCreated, DesignFile, HubToBridgeEvents, Job, JobDispatch } from "@peerfab/protocol";
import { BRIDGE_NAMESPACE, gcodeCommands } from "@peerfab/protocol";
import { strToU8, zipSync } from "fflate";
import sharp from "sharp";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, designTotal, filesUnder, postJson, printFixture, repoRoot, send, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The RGB of the centre pixel of a served image. */
async function centrePixel(bytes: ArrayBuffer): Promise<number[]> {
  const image = sharp(Buffer.from(bytes));
  const { width, height } = await image.metadata();
  const { data } = await image.extract({ left: Math.floor((width ?? 0) / 2), top: Math.floor((height ?? 0) / 2), width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [...data];
}

describe("G-code variants", () => {
  let hub: TestHub;
  let cubeStl: Buffer;
  let gcode: Buffer;
  beforeAll(async () => {
    hub = await startTestHub();
    cubeStl = await stlFixture("cube-binary.stl");
    gcode = await printFixture("cube-10mm.gcode");
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  async function uploadVariant(bytes: Uint8Array, name: string, fields: Record<string, string> = {}): Promise<{ created: DesignCreated; variant: DesignFile }> {
    const response = await upload(hub, { file: { bytes: cubeStl, name: "cube.stl" }, gcode: { bytes, name }, fields });
    if (response.status !== 201) throw new Error(`upload of ${name} answered ${response.status}: ${JSON.stringify(await response.json())}`);
    const created = (await response.json()) as DesignCreated;
    const variant = created.design.files.find((f) => f.kind === "gcode");
    if (!variant) throw new Error("the design has no G-code file");
    return { created, variant };
  }

  it("records the analyzer's summary, with the uploader's printer and the slicer's material", async () => {
    const { variant } = await uploadVariant(gcode, "cube.gcode", { slicedFor: "PeerFab Virtual MK1" });
    expect(variant.gcode).toEqual({
      slicedFor: "PeerFab Virtual MK1",
      material: "PLA", // filament_type in the PrusaSlicer footer
      commands: gcodeCommands(gcode.toString("utf8")).length,
      layers: 50,
      printSeconds: 390, // the slicer's "6m 30s"
      filamentMm: 224.4,
      slicer: "PrusaSlicer 2.5.0",
    });
    const overridden = await uploadVariant(gcode, "cube-petg.gcode", { material: "PETG" });
    expect(overridden.variant.gcode).toMatchObject({ material: "PETG", slicedFor: null });
  });

  it("serves the picture embedded in the G-code as the variant's thumbnail", async () => {
    const bytes = await readFile(join(repoRoot, "fixtures", "gcode", "prusaslicer-thumbnails.gcode"));
    const { variant } = await uploadVariant(bytes, "with-thumbnails.gcode");
    expect(variant.thumbnail?.small.edge).toBe(256);
    const png = await send(hub, variant.thumbnail?.large.png ?? "");
    expect(png.headers.get("content-type")).toBe("image/png");
    const pngBytes = await png.arrayBuffer();
    expect(await sharp(Buffer.from(pngBytes)).metadata()).toMatchObject({ format: "png", width: 640, height: 640 });
    const webp = await send(hub, variant.thumbnail?.small.webp ?? "");
    expect(await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 256 });
    // The largest embedded image (the 16×16 PNG), scaled up: its centre colour survives.
    const embedded = /; thumbnail begin 16x16 \d+\n((?:; .*\n)+?); thumbnail end/.exec(bytes.toString("latin1"))?.[1]?.replace(/; /g, "").replace(/\n/g, "") ?? "";
    const source = await centrePixel(Buffer.from(embedded, "base64").buffer as ArrayBuffer);
    const served = await centrePixel(pngBytes);
    for (let k = 0; k < 3; k++) expect(Math.abs((served[k] as number) - (source[k] as number))).toBeLessThan(12);
  });

  it("takes a .gcode.3mf plate package by content and prints the G-code inside it", async () => {
    const packageBytes = await printFixture("cube-10mm.gcode.3mf");
    const { created, variant } = await uploadVariant(packageBytes, "cube.gcode.3mf", { slicedFor: "PeerFab Virtual MK1" });
    expect(variant.kind).toBe("gcode");
    expect(variant.sha256).toBe(sha256(packageBytes));
    expect(variant.gcode).toMatchObject({ commands: gcodeCommands(gcode.toString("utf8")).length, layers: 50, printSeconds: 390, slicer: "PrusaSlicer 2.5.0" });
    // The original package downloads unchanged.
    const original = Buffer.from(await (await send(hub, `/api/designs/${created.id}/files/${variant.id}`)).arrayBuffer());
    expect(original.equals(packageBytes)).toBe(true);
    // The plate picture (an orange square) is the variant's thumbnail.
    const picture = await centrePixel(await (await send(hub, variant.thumbnail?.small.png ?? "")).arrayBuffer());
    expect(picture.map((v, k) => Math.abs(v - ([0xe0, 0x7a, 0x3f][k] as number)) < 8)).toEqual([true, true, true]);

    // A printer's bridge gets the plain G-code from the package.
    const bridge: Socket<HubToBridgeEvents, BridgeToHubEvents> = io(`${hub.url}${BRIDGE_NAMESPACE}`, {
      auth: { token: hub.bridgeToken },
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    const dispatches: JobDispatch[] = [];
    bridge.on("job:dispatch", (dispatch, ack) => {
      dispatches.push(dispatch);
      ack({ ok: true });
    });
    try {
      const hello = await bridge.emitWithAck("bridge:hello", {
        bridgeId: "gcode-variants-bridge",
        version: "0.1.0",
        printers: [
          {
            localId: "vp1",
            name: "Virtual MK1",
            capabilities: { buildVolume: { x: 220, y: 220, z: 250 }, nozzleDiameter: 0.4, firmware: "Marlin 2.1 (virtual)", firmwareCaps: {}, materials: ["PLA"], acceptsRemoteJobs: false, virtual: true },
          },
        ],
        jobs: [],
      });
      if (!hello.ok) throw new Error(hello.detail);
      const printerId = hello.printers[0]?.printerId ?? "";
      const response = await postJson(hub, "/api/jobs", { designId: created.id, printerId, gcodeFileId: variant.id });
      expect(response.status).toBe(201);
      const job = (await response.json()) as Job;
      expect(job.linesTotal).toBe(gcodeCommands(gcode.toString("utf8")).length);
      const dispatch = await until("the job to be dispatched", () => dispatches.find((d) => d.jobId === job.id));
      expect(dispatch.gcodeSha256).toBe(sha256(gcode));
      expect(dispatch.fileName).toBe("cube.gcode");
      const served = await send(hub, dispatch.gcodePath ?? "");
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(gcode)).toBe(true);
    } finally {
      bridge.close();
    }
  });

  async function expectRefusedLeavingNothing(bytes: Uint8Array, status: number, code: string, detail: RegExp): Promise<void> {
    const before = { total: await designTotal(hub), blobs: await filesUnder(join(hub.dataDir, "blobs")) };
    const response = await upload(hub, { file: { bytes: cubeStl, name: "cube.stl" }, gcode: { bytes, name: "plate.gcode.3mf" } });
    expect(response.status).toBe(status);
    const error = await apiError(response);
    expect(error.error).toBe(code);
    expect(error.detail).toMatch(detail);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before.blobs);
    expect(await designTotal(hub)).toBe(before.total);
  }

  it("refuses a ZIP without plate G-code, leaving nothing behind", async () => {
    const bytes = await readFile(join(repoRoot, "fixtures", "3mf", "box.3mf"));
    await expectRefusedLeavingNothing(bytes, 422, "no-gcode-in-package", /without a Metadata\/\*\.gcode entry.*Export plate sliced file/);
  });

  it("stops a plate package that inflates like a zip bomb while extracting it", async () => {
    const line = strToU8("G1 X0 Y0\n");
    const huge = new Uint8Array(line.length * 2_000_000);
    for (let o = 0; o < huge.length; o += line.length) huge.set(line, o);
    const bomb = zipSync({ "Metadata/plate_1.gcode": huge }, { level: 9 });
    expect(bomb.length).toBeLessThan(huge.length / 200);
    await expectRefusedLeavingNothing(bomb, 413, "zip-too-large", /zip bomb/);
  });
});
