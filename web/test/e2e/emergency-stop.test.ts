/**
 * The printer card's emergency stop in a real browser (Debian's Chromium, headless) against a
 * real hub and a real bridge process driving a slow virtual printer (every command takes a
 * while, so the calibration cube prints for minutes): print the cube, click Emergency stop once
 * (it only asks), click again: the hub records the job as failed and the card shows the halted
 * printer. Screenshot in test-artifacts/dashboard/.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Job } from "@peerfab/protocol";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPrinterEntry } from "./demo-fixtures.ts";
import { type DemoStack, repoRoot, startDemoStack } from "./demo-stack.ts";
import { printCalibrationCube } from "./print-cube.ts";

const artifacts = join(repoRoot, "test-artifacts", "dashboard");

/** ~5,100 commands of the cube at 25 ms each: about two minutes of printing, far beyond the test. */
const SLOW_PRINTER = demoPrinterEntry({ localId: "slow-virtual", name: "Slow virtual printer", virtual: { processingMs: 25 } });

describe("emergency stop on the printer card in headless Chromium", () => {
  let stack: DemoStack;
  let page: Page;

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    stack = await startDemoStack({ name: "emergency-stop", printers: [SLOW_PRINTER] });
    page = await stack.newPage();
  }, 60_000);

  afterAll(() => stack?.close(), 30_000);

  it("fails the print only on the confirming second click and shows the halted printer", async () => {
    await printCalibrationCube(page, stack.hub.url, artifacts);
    const card = page.getByTestId("printer-card").filter({ hasText: SLOW_PRINTER.name });
    const state = card.getByTestId("job-state");
    const stop = card.getByTestId("emergency-stop-button");
    try {
      await expect.poll(() => state.getAttribute("data-state"), { timeout: 30_000, interval: 200 }).toBe("printing");
      await expect.poll(() => stop.isEnabled(), { timeout: 10_000 }).toBe(true);
    } catch (error) {
      await page.screenshot({ path: join(artifacts, "emergency-stop-failed.png"), fullPage: true });
      throw error;
    }

    await stop.click();
    expect(await stop.innerText()).toBe("Really stop now? The print is lost");
    expect(await state.innerText()).toMatch(/^printing$/i);
    await stop.click();

    await expect.poll(() => state.innerText(), { timeout: 20_000, interval: 200 }).toMatch(/^failed$/i);
    const { jobs } = (await (await fetch(`${stack.hub.url}/api/jobs`)).json()) as { jobs: Job[] };
    expect(jobs.map((j) => j.state)).toEqual(["failed"]);
    expect(jobs[0]?.message).toMatch(/emergency stop/i);
    expect(jobs[0]?.linesDone).toBeLessThan(jobs[0]?.linesTotal ?? 0);
    await expect.poll(() => card.getByTestId("printer-state").innerText(), { timeout: 10_000, interval: 200 }).toBe("Error");
    expect(await card.locator(".printer-message").innerText()).toMatch(/Emergency stop: the printer halted/);
    await expect(stop.isHidden()).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "emergency-stopped.png"), fullPage: true });
    expect(stack.pageErrors).toEqual([]);
  }, 60_000);
});
