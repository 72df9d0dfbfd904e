/**
 * `npm run bench:web`: in headless Chromium (Debian's, WebGL through SwiftShader), the time from
 * navigation to the first rendered frame of
 *  - the design page of a 1,000,000-triangle model (a finely tessellated torus, binary STL): as
 *    the hub serves it (its compact GLB preview) and, for comparison, with the full STL (the
 *    design answer's `preview` removed on the way, so the page loads the original file);
 *  - the gallery with 1,000 designs: the first page of cards with every thumbnail in view decoded.
 * Designs are published through the real upload API (1,000 small STLs, 8 at a time), so the
 * thumbnails are the hub's own. Each figure is the median of 3 fresh browser contexts (empty
 * cache), measured inside the page from navigation start (`performance.now()`). It measures; it
 * does not assert (exit code 0).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Hub, startHub } from "@peerfab/server";
import type { Browser, Page } from "playwright-core";
import { torus, toBinaryStl } from "../../server/bench/torus.ts";
import { launchChromium } from "../test/e2e/chromium.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const RUNS = 3;
/** BENCH_WEB_DESIGNS overrides the gallery's size (e.g. for a quick check). */
const GALLERY_DESIGNS = Number(process.env.BENCH_WEB_DESIGNS ?? 1_000);
const UPLOAD_POOL = 8;
const DESIGN_BUDGET_MS = 3_000;
const GALLERY_BUDGET_MS = 1_000;

/** A closed box of 12 triangles, `x × y × z` mm, as binary STL. */
function boxStl(x: number, y: number, z: number): Uint8Array {
  const c = [[0, 0, 0], [x, 0, 0], [x, y, 0], [0, y, 0], [0, 0, z], [x, 0, z], [x, y, z], [0, y, z]];
  const faces = [[0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4], [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7]];
  const bytes = new Uint8Array(84 + faces.length * 50);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, faces.length, true);
  faces.forEach((face, t) => {
    face.forEach((v, k) => {
      (c[v] ?? []).forEach((value, axis) => view.setFloat32(84 + t * 50 + 12 + k * 12 + axis * 4, value, true));
    });
  });
  return bytes;
}

async function publish(hub: Hub, name: string, title: string, bytes: Uint8Array): Promise<string> {
  const form = new FormData();
  form.append("title", title);
  form.append("license", "CC-BY-4.0");
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${hub.url}/api/designs`, { method: "POST", body: form });
  const body = (await response.json()) as { id?: string; detail?: string };
  if (!response.ok || !body.id) throw new Error(`Upload of ${name} failed (${response.status}): ${body.detail ?? "no detail"}`);
  return body.id;
}

async function publishMany(hub: Hub, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await publish(hub, `box-${i}.stl`, `Bench box ${i + 1}`, boxStl(10 + (i % 37), 10 + (i % 23), 5 + (i % 11)));
    }
  };
  await Promise.all(Array.from({ length: UPLOAD_POOL }, worker));
}

type Ready = "viewer" | "gallery";

/** Runs in the page from document start: records when the page is first ready, frame by frame. */
const READY_CHECK = `function (kind) {
  const checks = {
    viewer: () => document.querySelector('[data-testid="viewer-canvas"][data-rendered="true"]') !== null,
    gallery: () => {
      if (document.querySelectorAll('[data-testid="design-card"]').length === 0) return false;
      const inView = [...document.querySelectorAll('[data-testid="design-thumbnail"]')].filter((img) => {
        const r = img.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      return inView.length > 0 && inView.every((img) => img.complete && img.naturalWidth > 0);
    },
  };
  // Responsiveness: the longest main-thread task until ready (the page cannot react meanwhile).
  window.__longestTask = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longestTask = Math.max(window.__longestTask, entry.duration);
  }).observe({ type: "longtask", buffered: true });
  const tick = () => {
    if (checks[kind]()) window.__readyAt = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}`;

/**
 * Navigates a fresh context to `url` and returns `performance.now()` (ms since navigation start)
 * of the first animation frame in which the page is ready, checked every frame from the start:
 * "viewer": the viewer has drawn a frame with the model in it; "gallery": cards are shown and
 * every thumbnail in view has been decoded (lazy ones below the fold stay lazy).
 */
interface Timing {
  /** ms from navigation start to the first ready frame. */
  readyAt: number;
  /** The page's performance marks (the viewer's stages), ms from navigation start. */
  marks: Record<string, number>;
  /** The longest main-thread task (≥ 50 ms) before ready, in ms; 0 when there was none. */
  longestTask: number;
}

async function timeToFrame(browser: Browser, url: string, ready: Ready, prepare?: (page: Page) => Promise<void>): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await prepare?.(page);
  // Source text, not a function: tsx (esbuild) would wrap a serialized function's inner
  // functions in its `__name` helper, which does not exist in the page.
  await page.addInitScript({ content: `(${READY_CHECK})(${JSON.stringify(ready)});` });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt !== undefined, undefined, { timeout: 120_000, polling: 100 });
  const timing = await page.evaluate(() => ({
    readyAt: (window as unknown as { __readyAt: number }).__readyAt,
    longestTask: (window as unknown as { __longestTask: number }).__longestTask,
    marks: Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])),
  }));
  await context.close();
  return timing;
}

/** The run with the median `readyAt` of RUNS runs. */
async function median(run: () => Promise<Timing>): Promise<Timing> {
  const runs: Timing[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run());
  runs.sort((a, b) => a.readyAt - b.readyAt);
  return runs[Math.floor(RUNS / 2)] as Timing;
}

/** "download 310 ms, parse 420 ms, upload to WebGL 150 ms, first frame 600 ms" from the viewer's marks. */
function stages(t: Timing): string {
  const downloaded = t.marks["peerfab:mesh-downloaded"];
  const parsed = t.marks["peerfab:mesh-parsed"];
  const shown = t.marks["peerfab:mesh-shown"];
  if (downloaded === undefined || parsed === undefined || shown === undefined) return "";
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return `downloaded at ${ms(downloaded)}, parsed (worker) +${ms(parsed - downloaded)}, geometry built +${ms(Math.max(0, shown - parsed))}, drawn +${ms(t.readyAt - shown)}; longest main-thread task ${ms(t.longestTask)}`;
}

const dataDir = await mkdtemp(join(tmpdir(), "peerfab-bench-web-"));
const hub = await startHub({
  port: 0,
  host: "127.0.0.1",
  dataDir,
  webDir: join(repo, "web", "dist"),
  seedDir: null,
  trustedLocal: true,
  rateLimits: { uploadsPer10Minutes: 1_000_000 },
});
let browser: Browser | null = null;
try {
  const setupStart = performance.now();
  const big = toBinaryStl(torus(1000, 500));
  const bigId = await publish(hub, "torus-1m.stl", "Torus, 1,000,000 triangles", big);
  const bigTook = performance.now() - setupStart;
  const galleryStart = performance.now();
  await publishMany(hub, GALLERY_DESIGNS - 1);
  const galleryTook = performance.now() - galleryStart;
  console.log(`setup done: 1 M-triangle upload ${(bigTook / 1000).toFixed(1)} s, ${GALLERY_DESIGNS - 1} small uploads ${(galleryTook / 1000).toFixed(1)} s`);
  const list = (await (await fetch(`${hub.url}/api/designs?pageSize=1`)).json()) as { total: number };
  const design = (await (await fetch(`${hub.url}/api/designs/${bigId}`)).json()) as { files: { triangles: number | null; preview?: { triangles: number } | null }[] };
  const preview = design.files[0]?.preview ?? null;

  browser = await launchChromium();
  const designUrl = `${hub.url}/#/designs/${bigId}`;
  const designMs = await median(() => timeToFrame(browser as Browser, designUrl, "viewer"));
  const fullStlMs = await median(() =>
    timeToFrame(browser as Browser, designUrl, "viewer", async (page) => {
      // Without the compact preview the page downloads and parses the original STL.
      await page.route(`**/api/designs/${bigId}`, async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { files: Record<string, unknown>[] };
        for (const file of body.files) delete file.preview;
        await route.fulfill({ response, json: body });
      });
    }),
  );
  const galleryMs = await median(() => timeToFrame(browser as Browser, `${hub.url}/#/`, "gallery"));

  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const row = (what: string, t: Timing, budget: number) =>
    `${what.padEnd(58)} ${ms(t.readyAt).padStart(9)}   ${(t.readyAt / budget).toFixed(2)} × budget ${ms(budget)}${t.readyAt <= budget ? "  PASS" : "  MISS"}${stages(t) ? `\n${"".padEnd(60)}(${stages(t)})` : ""}`;
  console.log(`bench:web — Chromium ${browser.version()} headless (SwiftShader WebGL), ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, median of ${RUNS} fresh contexts`);
  console.log(`setup: 1 M-triangle STL (${mb(big.byteLength)}) published in ${ms(bigTook)}; ${list.total} designs in the gallery (${GALLERY_DESIGNS - 1} uploads in ${ms(galleryTook)})`);
  console.log(`hub preview of the 1 M-triangle mesh: ${preview ? `${preview.triangles.toLocaleString("en-GB")} triangles (GLB)` : "none"}`);
  console.log(row("design page, 1 M triangles → first frame (hub's preview)", designMs, DESIGN_BUDGET_MS));
  console.log(row("design page, 1 M triangles → first frame (full STL)", fullStlMs, DESIGN_BUDGET_MS));
  console.log(row(`gallery, ${list.total} designs → first page with thumbnails in view`, galleryMs, GALLERY_BUDGET_MS));
} finally {
  await browser?.close();
  await hub.close();
  await rm(dataDir, { recursive: true, force: true });
}
