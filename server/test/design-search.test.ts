/** GET /api/designs: full-text search over title, description and tags, tag and license filters, pages and totals. */
import type { DesignCreated, DesignList, License } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, getJson, patchJson, send, startTestHub, type TestHub, upload } from "./helpers.ts";
import { tetrahedronStl } from "./mesh-samples.ts";

interface Sample {
  title: string;
  description: string;
  tags: string;
  license: License;
}

const SAMPLES: Sample[] = [
  { title: "Wall hook", description: "Holds a coat on a wall.", tags: "hook, wall-mount", license: "CC-BY-4.0" },
  { title: "Cable clip", description: "Keeps desk cables tidy.", tags: "desk, cable", license: "CC0-1.0" },
  { title: "Hex coaster", description: "A coaster with a hexagon pattern.", tags: "kitchen", license: "CC-BY-SA-4.0" },
  { title: "Pencil cup", description: "For the desk; prints without supports.", tags: "desk, office", license: "CC-BY-4.0" },
  { title: "Zahnrad für Kühlschrank", description: "Ersatzteil.", tags: "spare-part", license: "CC-BY-NC-4.0" },
  { title: "Headphone hanger", description: "Screws under a desk.", tags: "desk, hook", license: "CC-BY-4.0" },
  { title: "Calibration cube", description: "20 mm cube to check steps/mm.", tags: "calibration, test", license: "CC0-1.0" },
];

describe("design search", () => {
  let hub: TestHub;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    hub = await startTestHub();
    for (const [i, sample] of SAMPLES.entries()) {
      const response = await upload(hub, { file: { bytes: tetrahedronStl(10 + i), name: `s${i}.stl` }, fields: { ...sample } });
      expect(response.status).toBe(201);
      ids.set(sample.title, ((await response.json()) as DesignCreated).id);
    }
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  async function titles(query: string): Promise<string[]> {
    return (await getJson<DesignList>(hub, `/api/designs?${query}`)).designs.map((d) => d.title);
  }

  it("lists everything newest first without a query", async () => {
    expect(await titles("")).toEqual(SAMPLES.map((s) => s.title).reverse());
  });

  it("finds words in the title, the description and the tags, every word required", async () => {
    expect(await titles("q=hook")).toEqual(["Headphone hanger", "Wall hook"]);
    expect(await titles("q=coat")).toEqual(["Wall hook"]);
    expect(await titles("q=desk")).toEqual(["Headphone hanger", "Pencil cup", "Cable clip"]);
    expect(await titles("q=desk%20hook")).toEqual(["Headphone hanger"]);
    expect(await titles("q=wall-mount")).toEqual(["Wall hook"]);
  });

  it("treats the last word as a prefix, ignores case and accents", async () => {
    expect(await titles("q=hex%20coas")).toEqual(["Hex coaster"]);
    expect(await titles("q=CALIB")).toEqual(["Calibration cube"]);
    expect(await titles("q=kuhlschrank")).toEqual(["Zahnrad für Kühlschrank"]);
  });

  it("does not break on quotes, operators or stars a user types", async () => {
    for (const q of ['"', '"wall', "NEAR(", "NEAR(hook wall)", "*", "hook*", "hook OR", "AND", "-wall", "title:hook", "^hook", "(", "'", "\\"]) {
      const response = await send(hub, `/api/designs?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
    }
    expect(await titles(`q=${encodeURIComponent('"wall')}`)).toEqual(["Wall hook"]);
    expect(await titles(`q=${encodeURIComponent("NEAR(hook")}`)).toEqual([]);
    expect(await titles(`q=${encodeURIComponent("hook*")}`)).toEqual(["Headphone hanger", "Wall hook"]);
    expect(await titles(`q=${encodeURIComponent('"*"')}`)).toHaveLength(SAMPLES.length);
  });

  it("filters by tag and by license, alone and with words", async () => {
    expect(await titles("tag=desk")).toEqual(["Headphone hanger", "Pencil cup", "Cable clip"]);
    expect(await titles("tag=Desk&q=hook")).toEqual(["Headphone hanger"]);
    expect(await titles("license=CC0-1.0")).toEqual(["Calibration cube", "Cable clip"]);
    expect(await titles("license=CC-BY-4.0&tag=hook&q=wall")).toEqual(["Wall hook"]);
    expect(await titles("tag=nothing-like-this")).toEqual([]);
  });

  it("pages with totals that count every match", async () => {
    const first = await getJson<DesignList>(hub, "/api/designs?pageSize=3");
    expect(first).toMatchObject({ total: SAMPLES.length, page: 1, pageSize: 3 });
    expect(first.designs).toHaveLength(3);
    const last = await getJson<DesignList>(hub, "/api/designs?pageSize=3&page=3");
    expect(last.designs.map((d) => d.title)).toEqual([SAMPLES[0]?.title]);
    const beyond = await getJson<DesignList>(hub, "/api/designs?pageSize=3&page=9");
    expect(beyond).toMatchObject({ designs: [], total: SAMPLES.length });
    const searched = await getJson<DesignList>(hub, "/api/designs?q=desk&pageSize=2&page=2");
    expect(searched.total).toBe(3);
    expect(searched.designs.map((d) => d.title)).toEqual(["Cable clip"]);
  });

  it("finds a design by its new words after an edit, and no longer by the old ones", async () => {
    const id = ids.get("Pencil cup") ?? "";
    expect((await patchJson(hub, `/api/designs/${id}`, { title: "Brush holder", tags: ["art"] })).status).toBe(200);
    expect(await titles("q=pencil")).toEqual([]);
    expect(await titles("q=brush")).toEqual(["Brush holder"]);
    expect(await titles("tag=art")).toEqual(["Brush holder"]);
    expect(await titles("tag=office")).toEqual([]);
  });

  it("answers 400 with words for a bad query; empty boxes mean no filter", async () => {
    for (const [query, words] of [
      ["page=0", /page/],
      ["pageSize=500", /pageSize/],
      ["license=MIT", /license/],
      ["tag=two%20words", /tag/],
      [`q=${"x".repeat(201)}`, /q:/],
    ] as const) {
      const response = await send(hub, `/api/designs?${query}`);
      expect(response.status, query).toBe(400);
      const error = await apiError(response);
      expect(error.error).toBe("invalid-query");
      expect(error.detail).toMatch(words);
    }
    expect((await getJson<DesignList>(hub, "/api/designs?q=&tag=&license=")).total).toBe(SAMPLES.length);
  });
});
