/** Remixes: a new design crediting the one it builds on; the chain is shown and stays; licenses follow the original's rules. */
import { join } from "node:path";
import type { Design, DesignCreated, License } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser } from "./account-helpers.ts";
import { apiError, designTotal, filesUnder, getJson, patchJson, startTestHub, type TestHub, upload, uploadTo } from "./helpers.ts";
import { tetrahedronStl } from "./mesh-samples.ts";

describe("remixes", () => {
  let hub: TestHub;
  let bob: string;
  let carol: string;
  let edge = 10;

  beforeAll(async () => {
    hub = await startTestHub();
    bob = (await createToken(hub, await registerUser(hub, "bob@example.com", "Bob"), "tests")).token;
    carol = (await createToken(hub, await registerUser(hub, "carol@example.com", "Carol"), "tests")).token;
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  async function publish(title: string, license: License, token = hub.bridgeToken): Promise<Design> {
    const response = await upload(hub, { file: { bytes: tetrahedronStl(edge++), name: `${title}.stl` }, fields: { title, license } }, token);
    expect(response.status).toBe(201);
    return ((await response.json()) as DesignCreated).design;
  }

  async function remix(original: Design, title: string, token: string, license?: License): Promise<Response> {
    const fields: Record<string, string> = { title, tags: "remix" };
    if (license) fields.license = license;
    return uploadTo(hub, `/api/designs/${original.id}/remix`, { file: { bytes: tetrahedronStl(edge++), name: `${title}.stl` }, fields }, token);
  }

  async function remixed(original: Design, title: string, token: string, license?: License): Promise<Design> {
    const response = await remix(original, title, token, license);
    expect(response.status).toBe(201);
    return ((await response.json()) as DesignCreated).design;
  }

  it("shows the attribution chain nearest first over three designs, and each design's direct remixes", async () => {
    const a = await publish("Original hook", "CC-BY-4.0");
    const b = await remixed(a, "Longer hook", bob);
    const c = await remixed(b, "Longer hook with screw hole", carol);
    const ref = (d: Design, authorName: string) => ({ id: d.id, title: d.title, authorName, license: d.license });

    expect(b).toMatchObject({ authorName: "Bob", license: "CC-BY-4.0", tags: ["remix"], remixOf: [ref(a, "Local maker")] });
    const cNow = await getJson<Design>(hub, `/api/designs/${c.id}`);
    expect(cNow.remixOf).toEqual([ref(b, "Bob"), ref(a, "Local maker")]);
    expect((await getJson<Design>(hub, `/api/designs/${a.id}`)).remixes).toEqual([ref(b, "Bob")]);
    expect((await getJson<Design>(hub, `/api/designs/${b.id}`)).remixes).toEqual([ref(c, "Carol")]);
    expect(cNow.remixes).toEqual([]);
  });

  it("does not let the remixer remove or change the link", async () => {
    const a = await publish("Clip", "CC0-1.0");
    const b = await remixed(a, "Clip v2", bob);
    for (const body of [{ remixOf: [] }, { remixOf: null }, { title: "All mine", remixOf: [] }]) {
      const response = await patchJson(hub, `/api/designs/${b.id}`, body, bob);
      expect(response.status).toBe(400);
      expect((await apiError(response)).error).toBe("remix-link-fixed");
    }
    const edited = await patchJson(hub, `/api/designs/${b.id}`, { title: "All mine", description: "From scratch, honest" }, bob);
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as Design).remixOf?.map((r) => r.id)).toEqual([a.id]);
  });

  it("keeps a share-alike license: the remix takes it by default and cannot choose another", async () => {
    const a = await publish("Gear", "CC-BY-SA-4.0");
    expect((await remixed(a, "Gear default", bob)).license).toBe("CC-BY-SA-4.0");
    expect((await remixed(a, "Gear same", bob, "CC-BY-SA-4.0")).license).toBe("CC-BY-SA-4.0");
    const before = { total: await designTotal(hub), blobs: await filesUnder(join(hub.dataDir, "blobs")) };
    for (const license of ["CC-BY-4.0", "CC0-1.0", "CC-BY-NC-SA-4.0"] as const) {
      const response = await remix(a, `Gear as ${license}`, bob, license);
      expect(response.status).toBe(400);
      const error = await apiError(response);
      expect(error.error).toBe("license-not-allowed-for-remix");
      expect(error.detail).toMatch(/share-alike.*must keep CC-BY-SA-4\.0/);
    }
    expect(await designTotal(hub)).toBe(before.total);
    expect(await filesUnder(join(hub.dataDir, "blobs"))).toEqual(before.blobs);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
  });

  it("keeps NonCommercial: a remix of CC-BY-NC may be NC or NC-SA, nothing commercial", async () => {
    const a = await publish("Vase", "CC-BY-NC-4.0");
    expect((await remixed(a, "Vase NC-SA", bob, "CC-BY-NC-SA-4.0")).license).toBe("CC-BY-NC-SA-4.0");
    for (const license of ["CC-BY-4.0", "CC0-1.0", "CC-BY-SA-4.0", "GPL-3.0-or-later"] as const) {
      const response = await remix(a, `Vase as ${license}`, bob, license);
      expect(response.status).toBe(400);
      expect((await apiError(response)).detail).toMatch(/non-commercial.*CC-BY-NC-4\.0, CC-BY-NC-SA-4\.0/);
    }
  });

  it("lets a remix of CC0 or CC-BY choose any license", async () => {
    const cc0 = await publish("Box", "CC0-1.0");
    const by = await publish("Lid", "CC-BY-4.0");
    expect((await remixed(cc0, "Box NC", bob, "CC-BY-NC-SA-4.0")).license).toBe("CC-BY-NC-SA-4.0");
    expect((await remixed(by, "Lid GPL", bob, "GPL-3.0-or-later")).license).toBe("GPL-3.0-or-later");
    expect((await remixed(by, "Lid CC0", bob, "CC0-1.0")).license).toBe("CC0-1.0");
  });

  it("applies the same rule when the remixer edits the license later", async () => {
    const a = await publish("Knob", "CC-BY-NC-SA-4.0");
    const b = await remixed(a, "Knob v2", bob);
    expect(b.license).toBe("CC-BY-NC-SA-4.0");
    const response = await patchJson(hub, `/api/designs/${b.id}`, { license: "CC-BY-4.0" }, bob);
    expect(response.status).toBe(400);
    expect((await apiError(response)).error).toBe("license-not-allowed-for-remix");
    // The original's own designer may relicense it; that does not touch the remix.
    const relicensed = await patchJson(hub, `/api/designs/${a.id}`, { license: "CC-BY-4.0" });
    expect(relicensed.status).toBe(200);
    expect((await getJson<Design>(hub, `/api/designs/${b.id}`)).license).toBe("CC-BY-NC-SA-4.0");
  });

  it("answers 404 for a remix of a design that does not exist, keeping nothing", async () => {
    const total = await designTotal(hub);
    const response = await uploadTo(hub, "/api/designs/dsn_nope/remix", { file: { bytes: tetrahedronStl(99), name: "x.stl" } }, bob);
    expect(response.status).toBe(404);
    expect(await designTotal(hub)).toBe(total);
    expect(await filesUnder(join(hub.dataDir, "tmp"))).toEqual([]);
  });
});
