import { describe, expect, it } from "vitest";
import { readWithProgress, type TransferProgress } from "../src/api/read-with-progress.ts";
import { designUploadForm } from "../src/api/design-upload.ts";

function streamed(chunks: number[][], headers: Record<string, string>): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(Uint8Array.from(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers });
}

describe("readWithProgress", () => {
  it("reports bytes received of Content-Length as chunks arrive and returns the whole body", async () => {
    const seen: TransferProgress[] = [];
    const bytes = await readWithProgress(streamed([[1, 2], [3, 4, 5], [6]], { "content-length": "6" }), (p) => seen.push(p));
    expect(Array.from(new Uint8Array(bytes))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen).toEqual([
      { loaded: 0, total: 6 },
      { loaded: 2, total: 6 },
      { loaded: 5, total: 6 },
      { loaded: 6, total: 6 },
    ]);
  });

  it("has no total when the length is missing or counts compressed bytes", async () => {
    const seen: TransferProgress[] = [];
    await readWithProgress(streamed([[1, 2, 3]], { "content-length": "2", "content-encoding": "gzip" }), (p) => seen.push(p));
    await readWithProgress(streamed([[1]], {}), (p) => seen.push(p));
    expect(seen.every((p) => p.total === null)).toBe(true);
  });
});

describe("designUploadForm", () => {
  it("sends the fields first, tags comma-separated, then the files", () => {
    const form = designUploadForm({
      file: new File([new Uint8Array([1])], "cube.stl"),
      title: "Cube",
      license: "CC0-1.0",
      tags: ["calibration", "cube"],
      gcode: new File(["G28"], "cube.gcode"),
    });
    expect([...form.keys()]).toEqual(["title", "license", "tags", "file", "gcode"]);
    expect(form.get("tags")).toBe("calibration,cube");
    expect((form.get("file") as File).name).toBe("cube.stl");
  });
});
