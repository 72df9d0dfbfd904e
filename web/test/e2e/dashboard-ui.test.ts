/**
 * The printers dashboard in a real browser (Debian's Chromium, headless) against a real hub and
 * a real bridge process with the virtual printer: print the calibration cube from its design
 * page and watch the temperature chart redraw while heating, the G-code toolpath preview draw
 * the current layer and follow the print to its last layer at 100%; then print it again and
 * cancel that job with the two-click confirmation. Also checked at 375 px. The emergency stop is in
 * emergency-stop.test.ts (it needs a slower printer). Screenshots go to test-artifacts/dashboard/.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foregroundShare, pageScrollWidth } from "./chromium.ts";
import { type DemoStack, repoRoot, startDemoStack } from "./demo-stack.ts";
import { printCalibrationCube as printCube } from "./print-cube.ts";

const artifacts = join(repoRoot, "test-artifacts", "dashboard");

describe("printers dashboard in headless Chromium", () => {
  let stack: DemoStack;
  let hub: DemoStack["hub"];
  let page: Page;

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    stack = await startDemoStack({ name: "dashboard-ui" });
    hub = stack.hub;
    page = await stack.newPage();
  }, 90_000);

  afterAll(() => stack?.close(), 30_000);

  const printCalibrationCube = () => printCube(page, hub.url, artifacts);

  it("redraws the temperature chart while heating, and the toolpath follows the print to 100%", async () => {
    await printCalibrationCube();
    const card = page.getByTestId("printer-card").first();
    const chart = card.getByTestId("temp-chart");
    // Heating: a target is set (the chart's label reads "actual → target").
    await expect.poll(() => chart.getAttribute("aria-label"), { timeout: 60_000, interval: 200 }).toMatch(/→/);
    const before = await chart.screenshot();
    await expect.poll(async () => (await chart.screenshot()).equals(before), { timeout: 20_000, interval: 300 }).toBe(false);

    // The toolpath of the current layer is drawn while printing.
    const state = card.getByTestId("job-state");
    await expect.poll(() => state.innerText(), { timeout: 60_000, interval: 200 }).toMatch(/printing|completed/i);
    const toolpath = card.getByTestId("toolpath-canvas");
    await expect.poll(() => toolpath.getAttribute("data-layer"), { timeout: 30_000, interval: 200 }).toMatch(/^\d+$/);
    expect(await foregroundShare(await toolpath.screenshot())).toBeGreaterThan(0.01);
    expect(await card.getByTestId("toolpath-layer").innerText()).toMatch(/^Layer \d+ of \d+ · Z [\d.]+ mm$/);
    await page.screenshot({ path: join(artifacts, "printing.png"), fullPage: true });

    await expect.poll(() => state.innerText(), { timeout: 120_000, interval: 500 }).toMatch(/completed/i);
    expect(await card.getByTestId("job-progress").innerText()).toBe("100%");
    // Following the print, the preview ends on the top layer.
    const layerText = await card.getByTestId("toolpath-layer").innerText();
    const [, shown, total] = /^Layer (\d+) of (\d+)/.exec(layerText) ?? [];
    expect(shown).toBe(total);
    // The slider shows any layer; "Follow the print" comes back.
    await card.getByTestId("toolpath-slider").fill("1");
    await expect.poll(() => card.getByTestId("toolpath-layer").innerText()).toMatch(/^Layer 1 of /);
    await expect.poll(() => card.getByTestId("toolpath-follow").isVisible()).toBe(true);
    await page.screenshot({ path: join(artifacts, "printers.png"), fullPage: true });
    expect(stack.pageErrors).toEqual([]);
  }, 240_000);

  it("cancels a second job only on the confirming second click", async () => {
    // The first test's print is on the bed: its operator (the trusted local owner) clears it first.
    const printers = (await (await fetch(`${hub.url}/api/printers`)).json()) as { id: string }[];
    for (const printer of printers) expect((await fetch(`${hub.url}/api/printers/${printer.id}/bed-clear`, { method: "POST", headers: { origin: hub.url } })).status).toBe(200);
    await printCalibrationCube();
    const card = page.getByTestId("printer-card").first();
    const state = card.getByTestId("job-state");
    await expect.poll(() => state.innerText(), { timeout: 60_000, interval: 200 }).toMatch(/accepted|printing/i);
    const cancel = card.getByTestId("cancel-button");
    await expect
      .poll(() => cancel.isEnabled(), { timeout: 30_000 })
      .toBe(true)
      .catch(async (error: unknown) => {
        await page.screenshot({ path: join(artifacts, "cancel-failed.png"), fullPage: true });
        throw error;
      });
    await cancel.click();
    expect(await cancel.innerText()).toBe("Really cancel?");
    expect(await state.innerText()).not.toMatch(/cancelled/i);
    await cancel.click();
    await expect.poll(() => state.innerText(), { timeout: 60_000, interval: 200 }).toMatch(/cancelled/i);
    await page.screenshot({ path: join(artifacts, "cancelled.png"), fullPage: true });
    expect(stack.pageErrors).toEqual([]);
  }, 180_000);

  it("fits a 375 px wide phone", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${hub.url}/#/printers`);
    await page.getByTestId("printer-card").first().waitFor();
    await page.getByTestId("temp-chart").first().waitFor();
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(artifacts, "printers-375.png"), fullPage: true });
  }, 30_000);
});
