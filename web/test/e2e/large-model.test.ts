/**
 * Issue #6: "the page stays responsive while a 50 MB model loads, with a progress indicator". In
 * Debian's Chromium against a real hub, the design page of a 1,000,000-triangle binary STL
 * (50,000,084 bytes) loads the original file — the hub's compact preview is taken out of the
 * design's answer on the way, as bench:web does — over a line slowed to 25 MB/s. The page counts
 * its own animation frames from the start; the test asserts that the viewer's status showed the
 * download's progress bar and share, then the reading stage; that the mesh was parsed in the
 * mesh-parse Web Worker; and that the main thread kept drawing frames while the file downloaded
 * and while the worker parsed it (a parse on the main thread would draw none until it ended).
 */
import type { Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { torus, toBinaryStl } from "../../../server/bench/torus.ts";
import { type DemoStack, startDemoStack } from "./demo-stack.ts";

/** 2 · 1000 · 500 triangles: 84 + 50 bytes each. */
const STL = toBinaryStl(torus(1000, 500));
const MEGABYTES_PER_SECOND = 25;

/**
 * Runs in the page from its start: every animation frame's time, and every text and value the
 * viewer's status and progress bar showed (a MutationObserver, so no state is missed between polls).
 */
const PAGE_PROBE = `(() => {
  window.__frames = [];
  window.__statusTexts = [];
  window.__progressValues = [];
  const frame = (time) => { window.__frames.push(time); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new MutationObserver(() => {
    const status = document.querySelector('[data-testid="viewer-status"]');
    if (!status) return;
    const text = status.textContent;
    if (window.__statusTexts.at(-1) !== text) window.__statusTexts.push(text);
    const bar = status.querySelector("progress");
    if (bar && bar.hasAttribute("value")) window.__progressValues.push(bar.value);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["value"] });
})();`;

interface LoadRecord {
  frames: number[];
  statusTexts: string[];
  progressValues: number[];
  downloadedAt: number;
  parsedAt: number;
}

describe("a 50 MB model in headless Chromium", () => {
  let stack: DemoStack;
  let designId = "";

  beforeAll(async () => {
    stack = await startDemoStack({ name: "large-model", seed: false, printers: false });
    const form = new FormData();
    form.append("title", "Torus, 1,000,000 triangles");
    form.append("license", "CC0-1.0");
    form.append("file", new Blob([new Uint8Array(STL)]), "torus-1m.stl");
    const response = await fetch(`${stack.hub.url}/api/designs`, { method: "POST", body: form, headers: { origin: stack.hub.url } });
    const body = (await response.json()) as { id?: string; detail?: string };
    if (!response.ok || !body.id) throw new Error(`Upload failed (${response.status}): ${body.detail ?? "no detail"}`);
    designId = body.id;
  }, 180_000);

  afterAll(() => stack?.close(), 30_000);

  async function openWithoutPreview(page: Page): Promise<void> {
    // Without the compact preview the page downloads and parses the original 50 MB STL.
    await page.route(`**/api/designs/${designId}`, async (route) => {
      const response = await route.fetch();
      const design = (await response.json()) as { files: Record<string, unknown>[] };
      for (const file of design.files) delete file["preview"];
      await route.fulfill({ response, json: design });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 5, downloadThroughput: MEGABYTES_PER_SECOND * 1024 * 1024, uploadThroughput: -1 });
    await page.addInitScript({ content: PAGE_PROBE });
    await page.goto(`${stack.hub.url}/#/designs/${designId}`);
  }

  it("shows the download's progress, parses in a Web Worker, and keeps drawing frames meanwhile", async () => {
    expect(STL.byteLength).toBe(50_000_084);
    const page = await stack.newPage();
    const workers: string[] = [];
    page.on("worker", (worker: Worker) => workers.push(worker.url()));
    await openWithoutPreview(page);
    await page.getByTestId("viewer-canvas").and(page.locator('[data-rendered="true"]')).waitFor({ timeout: 120_000 });

    const record = (await page.evaluate(`({
      frames: window.__frames,
      statusTexts: window.__statusTexts,
      progressValues: window.__progressValues,
      downloadedAt: performance.getEntriesByName("peerfab:mesh-downloaded")[0].startTime,
      parsedAt: performance.getEntriesByName("peerfab:mesh-parsed")[0].startTime,
    })`)) as LoadRecord;

    // The progress indicator: the bar had a value part-way, and the text said how far it was.
    expect(record.progressValues.some((value) => value > 0 && value < 100)).toBe(true);
    expect(record.statusTexts).toContainEqual(expect.stringMatching(/^Downloading the model: [\d.]+ MB of 47\.7 MB \(\d+%\)/));
    expect(record.statusTexts).toContainEqual(expect.stringMatching(/^Reading the STL \(1,000,000 triangles\)/));
    // Parsed off the main thread.
    expect(workers.some((url) => /mesh-parse/.test(url))).toBe(true);
    // The main thread went on drawing frames through both stages.
    const framesWhileDownloading = record.frames.filter((t) => t < record.downloadedAt).length;
    const framesWhileParsing = record.frames.filter((t) => t > record.downloadedAt && t < record.parsedAt).length;
    expect(framesWhileDownloading).toBeGreaterThanOrEqual(10);
    expect(framesWhileParsing).toBeGreaterThanOrEqual(2);
    expect(stack.pageErrors).toEqual([]);
  }, 180_000);
});
