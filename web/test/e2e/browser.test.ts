/**
 * The web app in a real browser: Debian's Chromium, headless, driven by playwright-core, against a
 * real hub (built web app, seeded designs) and a real bridge process with the virtual printer.
 * Screenshots of each page go to test-artifacts/ for a person to look at.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foregroundShare } from "./chromium.ts";
import { type DemoStack, repoRoot as repo, startDemoStack } from "./demo-stack.ts";

const artifacts = join(repo, "test-artifacts", "browser");

describe("web app in headless Chromium", () => {
  let stack: DemoStack;
  let hub: DemoStack["hub"];
  let page: Page;

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    stack = await startDemoStack({ name: "browser" });
    hub = stack.hub;
    page = await stack.newPage({ width: 1280, height: 800 });
  }, 90_000);

  afterAll(() => stack?.close(), 30_000);

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
    expect(stack.pageErrors).toEqual([]);
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
    expect(stack.pageErrors).toEqual([]);
  }, 300_000);
});
