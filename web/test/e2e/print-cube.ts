/**
 * Shared by the dashboard browser tests: open the seeded calibration cube's design page and press
 * Print once a printer is idle, then land on the printers dashboard.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Screenshots `print-failed.png` into `artifacts` when the Print button never becomes usable. */
export async function printCalibrationCube(page: Page, hubUrl: string, artifacts: string): Promise<void> {
  const found = (await (await fetch(`${hubUrl}/api/designs?q=calibration`)).json()) as { designs: { id: string; title: string }[] };
  const cube = found.designs.find((d) => d.title === "Calibration cube");
  expect(cube).toBeDefined();
  await page.goto(`${hubUrl}/#/designs/${cube?.id ?? ""}`);
  const printButton = page.getByTestId("print-button");
  try {
    await expect.poll(() => printButton.isEnabled(), { timeout: 60_000 }).toBe(true);
    await expect.poll(async () => (await page.getByTestId("printer-select").innerText()).includes("Idle"), { timeout: 60_000 }).toBe(true);
  } catch (error) {
    await page.screenshot({ path: join(artifacts, "print-failed.png"), fullPage: true });
    throw error;
  }
  await printButton.click();
  await page.waitForURL(/#\/printers/);
}
