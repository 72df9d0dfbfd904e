import { mkdir, mkdtemp, readFile, rm, stat, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DesignList } from "@peerfab/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { getJson, repoRoot, startTestHub, type TestHub } from "./helpers.ts";

const temps: string[] = [];
const hubs: TestHub[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "peerfab-hub-web-"));
  temps.push(dir);
  return dir;
}
async function hubWith(options: Parameters<typeof startTestHub>[0]): Promise<TestHub> {
  const hub = await startTestHub(options);
  hubs.push(hub);
  return hub;
}

afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("web app serving", () => {
  it("serves the built app with a fallback to index.html for app routes, JSON for /api", async () => {
    const webDir = await tempDir();
    await mkdir(join(webDir, "assets"));
    await writeFile(join(webDir, "index.html"), "<!doctype html><html><body>PeerFab app</body></html>");
    await writeFile(join(webDir, "assets", "app.js"), "console.log('app')");
    const hub = await hubWith({ webDir });

    const root = await fetch(`${hub.url}/`);
    expect(root.headers.get("content-type")).toMatch(/text\/html/);
    expect(await root.text()).toMatch(/PeerFab app/);
    expect(await (await fetch(`${hub.url}/designs/dsn_123`)).text()).toMatch(/PeerFab app/);
    expect(await (await fetch(`${hub.url}/assets/app.js`)).text()).toBe("console.log('app')");

    const api = await fetch(`${hub.url}/api/unknown`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: "not-found" });
  });

  it("says how to build the app when it is not built", async () => {
    const hub = await hubWith({ webDir: await tempDir() });
    const root = await fetch(`${hub.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toMatch(/npm run build -w web/);
  });
});

describe("first start", () => {
  it("seeds the manifest's designs once, and keeps the bridge token across restarts", async () => {
    const seedDir = await tempDir();
    const dataDir = await tempDir();
    await copyFile(join(repoRoot, "fixtures", "stl", "cube-binary.stl"), join(seedDir, "cube.stl"));
    await copyFile(join(repoRoot, "fixtures", "print", "cube-10mm.gcode"), join(seedDir, "cube.gcode"));
    await copyFile(join(repoRoot, "fixtures", "stl", "truncated-binary.stl"), join(seedDir, "broken.stl"));
    const manifest = {
      designs: [
        {
          slug: "cube",
          title: "Seed cube",
          description: "A cube from the seed folder",
          license: "CC0-1.0",
          tags: ["test"],
          files: ["cube.stl"],
          gcode: [{ file: "cube.gcode", slicedFor: "PeerFab Virtual MK1", material: "PLA" }],
        },
        { slug: "broken", title: "Broken", description: "", license: "CC0-1.0", tags: [], files: ["broken.stl"], gcode: [] },
      ],
    };
    await writeFile(join(seedDir, "manifest.json"), JSON.stringify(manifest));

    const first = await startTestHub({ dataDir, seedDir });
    const seeded = await getJson<DesignList>(first, "/api/designs");
    expect(seeded.total).toBe(1);
    expect(seeded.designs[0]).toMatchObject({ title: "Seed cube", license: "CC0-1.0", authorName: "Local maker" });
    expect(seeded.designs[0]?.files.map((f) => [f.name, f.kind, f.triangles])).toEqual([
      ["cube.stl", "stl", 12],
      ["cube.gcode", "gcode", null],
    ]);
    const tokenFile = join(dataDir, "bridge-token");
    expect((await readFile(tokenFile, "utf8")).trim()).toBe(first.bridgeToken);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    await first.close();

    const second = await hubWith({ dataDir, seedDir });
    expect((await getJson<DesignList>(second, "/api/designs")).total).toBe(1);
    expect(second.bridgeToken).toBe(first.bridgeToken);
  });
});
