/**
 * The G-code text check an upload streams through (gcode/gcode-text-check.ts): real slicer output
 * passes however it is split into chunks; binary data, binary G-code and ZIP packages do not, and
 * the answer names the first line that is not G-code.
 */
import { describe, expect, it } from "vitest";
import { GcodeTextCheck, type GcodeTextVerdict } from "../src/gcode/gcode-text-check.ts";
import { printFixture, stlFixture } from "./helpers.ts";

function check(bytes: Uint8Array, chunkSize = bytes.length): GcodeTextVerdict {
  const checker = new GcodeTextCheck();
  for (let at = 0; at < bytes.length; at += chunkSize) checker.push(bytes.subarray(at, at + chunkSize));
  return checker.finish();
}

const text = (s: string) => new TextEncoder().encode(s);

describe("G-code text check", () => {
  it("passes PrusaSlicer's output, in one piece or split anywhere", async () => {
    const gcode = await printFixture("cube-10mm.gcode");
    for (const size of [gcode.length, 65_536, 4_093, 7, 1]) expect(check(gcode, size)).toEqual({ ok: true });
  });

  it("passes comments, blank lines, line numbers, CRLF, indentation and a byte order mark", () => {
    expect(check(text("\uFEFF; header\r\n\r\n  G28 ; home\r\nN12 G1 X1*97\n\tM104 S200\nt0\n"), 3)).toEqual({ ok: true });
  });

  it("names the first line that is not G-code", () => {
    expect(check(text("G28\n; fine\n{\"json\": true}\nG1 X1\n"), 2)).toEqual({
      ok: false,
      kind: "not-gcode",
      detail: "line 3 starts with '{', not a G-code command letter or a ';' comment",
    });
  });

  it("refuses binary data: NUL bytes, a mesh", async () => {
    expect(check(text("G28\nG1 X1\u0000\n"))).toMatchObject({ ok: false, kind: "not-gcode", detail: expect.stringMatching(/NUL byte/) });
    expect(check(await stlFixture("cube-binary.stl"), 100)).toMatchObject({ ok: false, kind: "not-gcode" });
  });

  it("tells binary G-code and packages by their magic numbers", async () => {
    expect(check(new Uint8Array([0x47, 0x43, 0x44, 0x45, 1, 0, 0, 0]), 1)).toMatchObject({ ok: false, kind: "binary-gcode" });
    expect(check(await printFixture("cube-10mm.gcode.3mf"), 2)).toMatchObject({ ok: false, kind: "package" });
  });
});
