/**
 * A client that breaks off an upload half-way (its socket destroyed mid-body) against a real hub:
 * no temp file, blob or row stays behind, and the hub goes on serving the next upload.
 */
import { connect } from "node:net";
import { join } from "node:path";
import type { DesignCreated } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { torus, toBinaryStl } from "../bench/torus.ts";
import { designTotal, filesUnder, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

describe("aborted uploads", () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  /** Sends the headers and `sent` bytes of a multipart body of `stl`, waits until the hub staged some of it, then destroys the socket. */
  async function abortUpload(stl: Uint8Array, sent: number, gcodeFirst: boolean): Promise<void> {
    const boundary = "----peerfab-abort-test";
    const gcodePart = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="gcode"; filename="variant.gcode"\r\nContent-Type: text/x.gcode\r\n\r\nG28\nG1 X10\n\r\n`,
    );
    const head = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nAborted\r\n`),
      gcodeFirst ? gcodePart : Buffer.alloc(0),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.stl"\r\nContent-Type: model/stl\r\n\r\n`),
    ]);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const length = head.length + stl.length + tail.length;
    const socket = connect(hub.port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    socket.write(
      `POST /api/designs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${hub.bridgeToken}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\n\r\n`,
    );
    socket.write(head);
    socket.write(stl.subarray(0, sent));
    // The hub is receiving: a staged temp file exists before the client goes away.
    await until("the hub to stage the upload", async () => ((await filesUnder(join(hub.dataDir, "tmp"))).length > 0 ? true : undefined));
    socket.destroy();
  }

  it.each([
    ["in the mesh part", false],
    ["after a complete G-code part", true],
  ])("leaves no temp file, blob or row when the client aborts %s", async (_what, gcodeFirst) => {
    const stl = toBinaryStl(torus(400, 400));
    const before = { total: await designTotal(hub), blobs: await filesUnder(join(hub.dataDir, "blobs")) };

    await abortUpload(stl, Math.floor(stl.length / 2), gcodeFirst);

    await until("the staged upload to be removed", async () => ((await filesUnder(join(hub.dataDir, "tmp"))).length === 0 ? true : undefined));
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before.blobs);
    expect(await designTotal(hub)).toBe(before.total);

    // The hub is still up and takes the next upload.
    const next = await upload(hub, { file: { bytes: await stlFixture("cube-binary.stl"), name: "after-abort.stl" } });
    expect(next.status).toBe(201);
    expect(((await next.json()) as DesignCreated).triangles).toBe(12);
    expect(await designTotal(hub)).toBe(before.total + 1);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
  }, 30_000);
});
