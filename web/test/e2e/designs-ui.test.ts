/**
 * Designs in a real browser (Debian's Chromium, headless, WebGL through SwiftShader) against a
 * real hub: publish an STL by dragging it onto the upload form and a 3MF (Production extension,
 * 17 parts) through the file input, see both render in the three.js viewer on the build plate
 * and their thumbnails in the gallery; a damaged file shows the hub's sentence next to the file;
 * search keeps focus and lands in the URL; everything fits a 375 px phone. Screenshots of each
 * page go to test-artifacts/designs/.
 */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foregroundShare, modelShare, pageScrollWidth } from "./chromium.ts";
import { type DemoStack, repoRoot as repo, startDemoStack } from "./demo-stack.ts";

const artifacts = join(repo, "test-artifacts", "designs");

describe("designs in headless Chromium", () => {
  let stack: DemoStack;
  let hub: DemoStack["hub"];
  let page: Page;
  const designUrls: string[] = [];

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    // No seed and no printer: the gallery holds exactly what this test publishes. Trusted local: this computer acts as the owner.
    stack = await startDemoStack({ name: "designs-ui", seed: false, printers: false });
    hub = stack.hub;
    page = await stack.newPage();
  }, 60_000);

  afterAll(() => stack?.close(), 30_000);

  /** Waits for the viewer's first frame with the model and checks the model itself is drawn. */
  async function expectViewerRendered(name: string): Promise<void> {
    const canvas = page.getByTestId("viewer-canvas");
    try {
      await canvas.and(page.locator('[data-rendered="true"]')).waitFor({ timeout: 30_000 });
    } catch (error) {
      // Say where the viewer stopped: its status line, and a picture of the page.
      await page.screenshot({ path: join(artifacts, `${name}-failed.png`), fullPage: true });
      const status = await page.getByTestId("viewer-status").innerText({ timeout: 1_000 }).catch(() => "(no status line)");
      throw new Error(`The viewer drew no frame with the model; its status: ${status}`, { cause: error });
    }
    const shot = await canvas.screenshot();
    // The plate and the model cover the canvas, and part of it is the orange model itself.
    expect(await foregroundShare(shot)).toBeGreaterThan(0.05);
    expect(await modelShare(shot)).toBeGreaterThan(0.005);
    await expect.poll(() => page.getByTestId("viewer-status").count()).toBe(0);
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  }

  it("publishes an STL dropped onto the upload form and shows it on the build plate", async () => {
    await page.goto(hub.url);
    await page.getByTestId("upload-form").waitFor();
    const stl = await readFile(join(repo, "fixtures", "print", "cube-10mm.stl"));
    const dropped = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "cube-10mm.stl", { type: "model/stl" }));
      return transfer;
    }, [...stl]);
    const zone = page.getByTestId("upload-drop-zone");
    await zone.dispatchEvent("dragenter", { dataTransfer: dropped });
    await zone.dispatchEvent("drop", { dataTransfer: dropped });
    await expect.poll(() => page.getByTestId("upload-chosen").innerText()).toContain("cube-10mm.stl");
    await page.getByTestId("upload-title").fill("Drop cube");
    await page.getByTestId("upload-tags").fill("Calibration, cube");
    await page.getByTestId("upload-license").selectOption("CC0-1.0");
    expect(await page.getByTestId("upload-license-help").innerText()).toMatch(/No conditions/);
    await page.getByTestId("upload-submit").click();

    await page.waitForURL(/#\/designs\//);
    designUrls.push(page.url());
    await expect.poll(() => page.locator("h1").innerText()).toBe("Drop cube");
    expect(await page.getByTestId("design-dimensions").innerText()).toBe("10 × 10 × 10 mm");
    expect(await page.getByTestId("mesh-check").innerText()).toMatch(/Watertight/);
    // No printer is connected: the generic bed, and a 10 mm cube fits it.
    expect(await page.getByTestId("plate-fit").innerText()).toMatch(/^Fits a typical printer \(220 × 220 × 250 mm\)/);
    expect(await page.getByTestId("design-tags").innerText()).toMatch(/calibration[\s\S]*cube/);
    const slicers = await page.getByTestId("slicer-links").locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect(slicers).toHaveLength(4);
    expect(slicers[0]).toMatch(/^prusaslicer:\/\/open\?file=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fapi%2Fdesigns%2F.+%2Ffiles%2Fcube-10mm\.stl$/);
    await expectViewerRendered("design-stl");
  }, 60_000);

  it("publishes a Production-extension 3MF through the file input, with upload and download progress, and renders all its parts", async () => {
    await page.goto(`${hub.url}/#/`);
    // A slow line (≈ 300 KB/s each way), so the 486 KB file takes long enough to watch it move.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: 300 * 1024, uploadThroughput: 300 * 1024 });
    try {
      await page.getByTestId("upload-file").setInputFiles(join(repo, "fixtures", "3mf", "cube_gears_prod.3mf"));
      await page.getByTestId("upload-submit").click();
      // The multipart body is the 486.3 KB file plus the form's fields.
      await expect.poll(() => page.getByTestId("upload-progress-text").innerText(), { interval: 50 }).toMatch(/^Uploading [\d.]+ KB of 48\d\.\d KB \(\d+%\)$/);
      await page.waitForURL(/#\/designs\//);
      designUrls.push(page.url());
      await expect.poll(() => page.getByTestId("viewer-status").innerText(), { interval: 50 }).toMatch(/Downloading the model: [\d.]+ KB of 486\.3 KB \(\d+%\)/);
    } finally {
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
    // 25,692 triangles from 17 build items, measured by the hub; the page's viewer parses the same 3MF itself.
    await expect.poll(() => page.locator(".facts").innerText()).toMatch(/25,692/);
    expect(await page.getByTestId("design-dimensions").innerText()).toBe("168 × 125.1 × 33.6 mm");
    await expectViewerRendered("design-3mf");
    expect(stack.pageErrors).toEqual([]);
  }, 60_000);

  it("shows the hub's reason next to the file when it refuses an upload", async () => {
    await page.goto(`${hub.url}/#/`);
    await page.getByTestId("upload-file").setInputFiles(join(repo, "fixtures", "stl", "truncated-binary.stl"));
    await page.getByTestId("upload-submit").click();
    const error = page.getByTestId("upload-error");
    await expect.poll(() => error.innerText(), { timeout: 20_000 }).toMatch(/\S/);
    // The hub's own sentence (what is wrong and what to do), not a status code.
    expect(await error.innerText()).toMatch(/truncat|cut off|shorter/i);
    expect(await page.getByTestId("upload-file").getAttribute("aria-invalid")).toBe("true");
    expect(page.url()).not.toMatch(/#\/designs\//);
  }, 30_000);

  it("lists both designs with decoded thumbnails, and search lands in the URL without losing focus", async () => {
    await page.goto(`${hub.url}/#/`);
    const cards = page.getByTestId("design-card");
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(2);
    const thumbnails = page.getByTestId("design-thumbnail");
    await expect
      .poll(() => thumbnails.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)), { timeout: 30_000 })
      .toEqual([true, true]);
    expect(await page.getByTestId("gallery-summary").innerText()).toBe("2 designs");
    await page.screenshot({ path: join(artifacts, "gallery.png"), fullPage: true });

    const search = page.getByTestId("gallery-search");
    await search.click();
    await search.pressSequentially("drop", { delay: 30 });
    await page.waitForURL(/#\/\?q=drop$/);
    // Typing went on in the same box: the page updated in place.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("gallery-search");
    await expect.poll(() => page.getByTestId("gallery-summary").innerText()).toMatch(/matching “drop”/);
    await expect.poll(() => cards.allInnerTexts()).toEqual([expect.stringContaining("Drop cube")]);
    await page.getByTestId("gallery-license").selectOption("CC0-1.0");
    await page.waitForURL(/license=CC0-1\.0/);
    await page.goBack();
    await page.waitForURL(/#\/\?q=drop$/);
    await expect.poll(() => page.getByTestId("gallery-license").inputValue()).toBe("");
    expect(stack.pageErrors).toEqual([]);
  }, 60_000);

  it("lets the owner edit the design, add a new version of its file, and publish a remix that credits it", async () => {
    await page.goto(designUrls[0] ?? "");
    await page.getByTestId("edit-button").click();
    await page.getByTestId("edit-title").fill("Drop cube, edited");
    await page.getByTestId("edit-tags").fill("calibration, cube, test-print");
    await page.getByTestId("edit-save").click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Drop cube, edited");
    await page.reload();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Drop cube, edited");
    expect(await page.getByTestId("design-tags").innerText()).toMatch(/test-print/);

    // The same bytes again: nothing new, and the hub says so next to the file.
    await page.getByTestId("add-file-input").setInputFiles(join(repo, "fixtures", "print", "cube-10mm.stl"));
    await page.getByTestId("add-file-submit").click();
    await expect.poll(() => page.getByTestId("add-file-error").innerText()).toMatch(/identical bytes/);
    // Changed bytes under the same name: version 2, and version 1 stays downloadable.
    const changed = await readFile(join(repo, "fixtures", "stl", "cube-binary.stl"));
    await page.getByTestId("add-file-input").setInputFiles({ name: "cube-10mm.stl", mimeType: "model/stl", buffer: changed });
    await page.getByTestId("add-file-submit").click();
    await expect.poll(() => page.getByTestId("design-files").innerText()).toMatch(/version 2/);
    expect(await page.getByTestId("file-versions").innerText()).toMatch(/1 earlier version/);

    await page.getByTestId("remix-button").click();
    const remix = page.getByTestId("remix-form");
    await remix.getByTestId("upload-file").setInputFiles(join(repo, "fixtures", "3mf", "production-parts.3mf"));
    await remix.getByTestId("upload-title").fill("Cube remix");
    await remix.getByTestId("upload-submit").click();
    await expect.poll(() => page.locator("h1").innerText(), { timeout: 20_000 }).toBe("Cube remix");
    expect(await page.getByTestId("remix-chain").innerText()).toBe("Remix of Drop cube, edited by Local maker");
    await expectViewerRendered("design-remix");
    await page.getByTestId("remix-chain").getByRole("link").click();
    await expect.poll(() => page.getByTestId("remix-list").innerText()).toMatch(/Cube remix by Local maker/);
    expect(stack.pageErrors).toEqual([]);
  }, 60_000);

  it("fits a 375 px wide phone: gallery and design page, no sideways scrolling", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${hub.url}/#/`);
    await page.getByTestId("design-card").first().waitFor();
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(artifacts, "gallery-375.png"), fullPage: true });

    await page.goto(designUrls[1] ?? "");
    await page.getByTestId("viewer-canvas").and(page.locator('[data-rendered="true"]')).waitFor({ timeout: 30_000 });
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(artifacts, "design-375.png"), fullPage: true });
    expect(stack.pageErrors).toEqual([]);
  }, 60_000);
});
