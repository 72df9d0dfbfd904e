/**
 * The web app in a real browser: Debian's Chromium, headless, driven by playwright-core, against a
 * real hub (built web app, seeded designs) and a real bridge process with the virtual printer.
 * Screenshots of each page go to test-artifacts/ for a person to look at.
 */
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBridgeProcess, stopBridgeProcess } from "@peerfab/printer-bridge/launch";
import { type Hub, startHub } from "@peerfab/server";
import { type Browser, chromium, type Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const artifacts = join(repo, "test-artifacts", "browser");

/** Chromium flags: no sandbox as root, no GPU (WebGL through SwiftShader), no calls home. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];

/** Share of pixels in a PNG that differ clearly from its top-left pixel (the background). */
async function foregroundShare(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [r0, g0, b0] = [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0];
  let differing = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const d = Math.abs((data[i] ?? 0) - r0) + Math.abs((data[i + 1] ?? 0) - g0) + Math.abs((data[i + 2] ?? 0) - b0);
    if (d > 30) differing++;
  }
  return differing / (info.width * info.height);
}

describe("web app in headless Chromium", () => {
  let dataDir: string;
  let hub: Hub;
  let bridge: ChildProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), "peerfab-browser-"));
    hub = await startHub({
      port: 0,
      host: "127.0.0.1",
      dataDir,
      webDir: join(repo, "web", "dist"),
      seedDir: join(repo, "models"),
      // As `npm start`: this computer acts as the local owner of the demo printer without signing in.
      trustedLocal: true,
    });
    bridge = launchBridgeProcess({
      hubUrl: hub.url,
      tokenFile: join(dataDir, "bridge-token"),
      stateDir: join(dataDir, "bridge"),
      virtual: true,
    });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (bridge) await stopBridgeProcess(bridge);
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("lists the seeded designs", async () => {
    await page.goto(hub.url);
    const cards = page.getByTestId("design-card");
    await cards.first().waitFor({ timeout: 30_000 });
    const titles = await cards.allInnerTexts();
    expect(titles.join("\n")).toContain("Calibration cube");
    expect(titles.length).toBeGreaterThanOrEqual(4);
    // Every card shows the hub-rendered thumbnail, and the browser decoded it.
    const thumbnails = page.getByTestId("design-thumbnail");
    await expect
      .poll(() => thumbnails.evaluateAll((imgs) => imgs.map((img) => (img as unknown as { complete: boolean }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0)), { timeout: 30_000 })
      .toEqual(titles.map(() => true));
    await page.screenshot({ path: join(artifacts, "gallery.png"), fullPage: true });
  }, 60_000);

  it("renders a design in the three.js viewer", async () => {
    await page.getByTestId("design-card").filter({ hasText: "Calibration cube" }).click();
    const canvas = page.getByTestId("viewer-canvas");
    await canvas.and(page.locator('[data-rendered="true"]')).waitFor({ timeout: 30_000 });
    const share = await foregroundShare(await canvas.screenshot());
    // The cube and the build-plate grid cover a visible part of the canvas, not one stray pixel.
    expect(share).toBeGreaterThan(0.01);
    await page.screenshot({ path: join(artifacts, "design.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("prints the design on the virtual printer and shows progress reach 100%", async () => {
    const printButton = page.getByTestId("print-button");
    await expect.poll(() => printButton.isEnabled(), { timeout: 60_000 }).toBe(true);
    await printButton.click();
    await page.waitForURL(/#\/printers/);
    const state = page.getByTestId("job-state");
    await expect.poll(() => state.first().innerText(), { timeout: 120_000, interval: 500 }).toMatch(/printing|completed/i);
    await page.screenshot({ path: join(artifacts, "printing.png"), fullPage: true });
    await expect.poll(() => state.first().innerText(), { timeout: 180_000, interval: 500 }).toMatch(/completed/i);
    expect(await page.getByTestId("job-progress").first().innerText()).toContain("100%");
    expect(await page.getByTestId("temp-hotend").first().innerText()).toMatch(/\d/);
    await page.screenshot({ path: join(artifacts, "printers.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
