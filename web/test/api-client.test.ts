import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiRequestError, controlJob, createJob, getDesign, listDesigns, uploadDesign } from "../src/api/client.ts";

type FetchArgs = [input: string, init?: RequestInit];
function answer(status: number, body: unknown): ReturnType<typeof vi.fn> {
  const fetch = vi.fn(async (..._args: FetchArgs) =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "content-type": typeof body === "string" ? "text/plain" : "application/json" },
    }),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const design = {
  id: "d1",
  title: "Cube",
  description: "",
  license: "CC0-1.0",
  authorId: "u1",
  authorName: "Ann",
  createdAt: "2025-01-01T00:00:00Z",
  files: [],
};

describe("api client", () => {
  it("asks for a page of designs and returns the validated list", async () => {
    const fetch = answer(200, { designs: [design], total: 1, page: 2, pageSize: 12 });
    const list = await listDesigns(2, 12);
    expect(list.designs[0]?.title).toBe("Cube");
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/designs?page=2&pageSize=12");
  });

  it("turns the hub's { error, detail } into an error whose message is the detail", async () => {
    answer(422, { error: "invalid_mesh", detail: "STL rejected: 3 triangles share an edge. Repair the mesh and upload again." });
    const file = new File([new Uint8Array([1, 2, 3])], "bad.stl");
    const error = await uploadDesign({ file, title: "Bad", license: "CC-BY-4.0" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).message).toBe("STL rejected: 3 triangles share an edge. Repair the mesh and upload again.");
    expect((error as ApiRequestError).code).toBe("invalid_mesh");
    expect((error as ApiRequestError).status).toBe(422);
  });

  it("sends the upload as multipart with the mesh in `file`", async () => {
    const fetch = answer(201, {
      id: "d1",
      triangles: 12,
      bbox: { min: { x: 0, y: 0, z: 0 }, max: { x: 1, y: 1, z: 1 } },
      design,
    });
    const file = new File([new Uint8Array([1])], "cube.stl");
    const created = await uploadDesign({ file, title: "Cube", license: "CC0-1.0", gcode: new File(["G28"], "cube.gcode") });
    expect(created.id).toBe("d1");
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.method).toBe("POST");
    const form = init?.body as FormData;
    expect((form.get("file") as File).name).toBe("cube.stl");
    expect((form.get("gcode") as File).name).toBe("cube.gcode");
    expect(form.get("license")).toBe("CC0-1.0");
    expect(form.get("title")).toBe("Cube");
  });

  it("says so in words when the hub answers with something unexpected", async () => {
    answer(200, { id: "d1" });
    await expect(getDesign("d1")).rejects.toThrow(/does not match what this app expects/);
    answer(502, "<html>Bad gateway</html>");
    await expect(getDesign("d1")).rejects.toThrow(/502/);
  });

  it("tells the user the hub is unreachable when the network fails", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("fetch failed"))));
    const error = await getDesign("d1").catch((e: unknown) => e);
    expect((error as ApiRequestError).status).toBe(0);
    expect((error as Error).message).toMatch(/Could not reach the PeerFab hub/);
  });

  it("posts jobs as JSON and job controls to their own paths", async () => {
    const fetch = answer(201, {
      id: "j1",
      designId: "d1",
      designTitle: "Cube",
      gcodeFileId: "f2",
      printerId: "p1",
      makerId: "u1",
      state: "accepted",
      material: "PLA",
      quantity: 1,
      linesDone: 0,
      linesTotal: 10,
      message: null,
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-01-01T00:00:00Z",
      history: [],
    });
    const job = await createJob({ designId: "d1", printerId: "p1", material: "PLA", quantity: 1 });
    expect(job.state).toBe("accepted");
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toEqual({ designId: "d1", printerId: "p1", material: "PLA", quantity: 1 });
    await controlJob("j1", "cancel");
    expect(fetch.mock.calls[1]?.[0]).toBe("/api/jobs/j1/cancel");
    expect(fetch.mock.calls[1]?.[1]?.method).toBe("POST");
  });
});
