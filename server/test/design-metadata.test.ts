/** Tags on upload and PATCH, and PATCH itself: owner only, validated, the remix link not editable. */
import type { Design, DesignCreated } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser } from "./account-helpers.ts";
import { apiError, getJson, patchJson, startTestHub, type TestHub, upload } from "./helpers.ts";
import { tetrahedronStl } from "./mesh-samples.ts";

describe("design metadata", () => {
  let hub: TestHub;
  let design: Design;

  beforeAll(async () => {
    hub = await startTestHub();
    const response = await upload(hub, {
      file: { bytes: tetrahedronStl(10), name: "hook.stl" },
      fields: { title: "Wall hook", description: "Holds a coat", tags: "Hook, wall-mount ,household,hook" },
    });
    expect(response.status).toBe(201);
    design = ((await response.json()) as DesignCreated).design;
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("stores comma-separated tags from the upload form, lower-cased, once each", async () => {
    expect(design.tags).toEqual(["hook", "household", "wall-mount"]);
    expect(design.remixOf).toEqual([]);
    expect(design.remixes).toEqual([]);
    expect(design.updatedAt).toBe(design.createdAt);
    expect((await getJson<Design>(hub, `/api/designs/${design.id}`)).tags).toEqual(["hook", "household", "wall-mount"]);
  });

  it("refuses an upload with a tag that is not a word, naming the tag", async () => {
    const response = await upload(hub, { file: { bytes: tetrahedronStl(11), name: "x.stl" }, fields: { tags: "good, two words" } });
    expect(response.status).toBe(400);
    const error = await apiError(response);
    expect(error.error).toBe("invalid-tag");
    expect(error.detail).toMatch(/'two words'/);
  });

  it("lets the owner change title, description, tags and license", async () => {
    const response = await patchJson(hub, `/api/designs/${design.id}`, { title: "Coat hook", tags: ["Coat", "hook"], license: "CC-BY-SA-4.0" });
    expect(response.status).toBe(200);
    const changed = (await response.json()) as Design;
    expect(changed).toMatchObject({ title: "Coat hook", description: "Holds a coat", tags: ["coat", "hook"], license: "CC-BY-SA-4.0" });
    expect(changed.updatedAt && changed.updatedAt >= design.createdAt).toBe(true);
    expect(await getJson<Design>(hub, `/api/designs/${design.id}`)).toEqual(changed);
  });

  it("answers 400 with the field for an invalid change", async () => {
    for (const [body, words] of [
      [{ title: "" }, /title/],
      [{ license: "WTFPL" }, /license/],
      [{ tags: ["ok", "not ok"] }, /tags\.1/],
      [{ owner: "someone" }, /owner/],
    ] as const) {
      const response = await patchJson(hub, `/api/designs/${design.id}`, body);
      expect(response.status).toBe(400);
      const error = await apiError(response);
      expect(error.error).toBe("invalid-patch");
      expect(error.detail).toMatch(words);
    }
    const notJson = await patchJson(hub, `/api/designs/${design.id}`, ["title"]);
    expect(notJson.status).toBe(400);
  });

  it("never lets the remix link be sent", async () => {
    const response = await patchJson(hub, `/api/designs/${design.id}`, { remixOf: [] });
    expect(response.status).toBe(400);
    const error = await apiError(response);
    expect(error.error).toBe("remix-link-fixed");
    expect(error.detail).toMatch(/credits/);
  });

  it("answers 403 with words when someone else tries to edit, and changes nothing", async () => {
    const other = await registerUser(hub, "mallory@example.com", "Mallory");
    const token = (await createToken(hub, other, "tests")).token;
    const before = await getJson<Design>(hub, `/api/designs/${design.id}`);
    const response = await patchJson(hub, `/api/designs/${design.id}`, { title: "Mine now" }, token);
    expect(response.status).toBe(403);
    const error = await apiError(response);
    expect(error.error).toBe("not-owner");
    expect(error.detail).toMatch(/Only Local maker.*remix/);
    expect(await getJson<Design>(hub, `/api/designs/${design.id}`)).toEqual(before);
  });

  it("answers 404 for a design that does not exist", async () => {
    const response = await patchJson(hub, "/api/designs/dsn_nope", { title: "x" });
    expect(response.status).toBe(404);
  });
});
