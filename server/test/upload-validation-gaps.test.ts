/**
 * Issue #4's validation list, the cases the fixture tables do not cover: infinite coordinates
 * (binary, ASCII, and an ASCII number too large for float32), and ZIP entries that escape the
 * archive by an absolute path, a drive letter or a backslash. Each is a 4xx JSON error that says
 * what is wrong, and leaves no design, blob or temp file behind.
 */
import { join } from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, designTotal, filesUnder, startTestHub, stlFixture, type TestHub, threeMfFixture, upload } from "./helpers.ts";

/** The 10 mm cube with one coordinate of triangle 3 replaced. */
async function binaryCubeWith(value: number): Promise<Buffer> {
  const stl = Buffer.from(await stlFixture("cube-binary.stl"));
  stl.writeFloatLE(value, 84 + 2 * 50 + 12 + 4);
  return stl;
}

function asciiTriangle(x: string): Buffer {
  return Buffer.from(`solid t\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex ${x} 0 0\n   vertex 0 10 0\n  endloop\n endfacet\nendsolid t\n`);
}

describe("upload validation beyond the fixtures", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  async function expectRefused(bytes: Buffer, name: string, status: number, code: string, detail: RegExp): Promise<void> {
    const before = { total: await designTotal(hub), blobs: await filesUnder(join(hub.dataDir, "blobs")) };
    const response = await upload(hub, { file: { bytes, name } });
    expect(response.status).toBe(status);
    const error = await apiError(response);
    expect(error.error).toBe(code);
    expect(error.detail).toMatch(detail);
    expect(await designTotal(hub)).toBe(before.total);
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before.blobs);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
  }

  it.each([
    ["+Infinity", Infinity],
    ["-Infinity", -Infinity],
  ])("refuses a binary STL with a %s coordinate, naming the triangle", async (_, value) => {
    await expectRefused(await binaryCubeWith(value), "inf.stl", 422, "non-finite-coordinate", /Infinity in triangle 3 is not a finite number/);
  });

  it.each(["inf", "-Infinity", "1e39"])("refuses an ASCII STL with the coordinate %s, naming the line", async (x) => {
    await expectRefused(asciiTriangle(x), "inf-ascii.stl", 422, "non-finite-coordinate", /line 5 is not a finite number/);
  });

  it.each([
    ["/3D/evil.model", /is an absolute path/],
    ["C:/Windows/evil.model", /starts with a drive letter/],
    ["3D\\..\\..\\evil.model", /contains a backslash/],
  ])("refuses a 3MF with the zip entry %s, naming it", async (entry, reason) => {
    const box = unzipSync(new Uint8Array(await threeMfFixture("box.3mf")));
    const bytes = Buffer.from(zipSync({ ...box, [entry]: strToU8("<model/>") }));
    await expectRefused(bytes, "evil.3mf", 422, "unsafe-zip-entry", reason);
    const error = await apiError(await upload(hub, { file: { bytes, name: "evil.3mf" } }));
    expect(error.detail).toContain(entry);
  });
});
