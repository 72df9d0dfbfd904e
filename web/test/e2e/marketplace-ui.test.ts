/**
 * The marketplace in a real browser (Debian's Chromium, headless) against a real hub and a real
 * bridge process with the virtual printer. The trusted local owner runs the shop (it owns the
 * virtual printer, which takes remote jobs); a second account, on a 375 px phone, is the maker:
 * the shop saves its profile; the maker opens the calibration cube to shops nearby from the print
 * dialog and sees the quote the shop's bridge sliced and priced; the shop finds the job on its job
 * board and quotes its own price instead; the maker accepts; it prints (sliced) on
 * the virtual printer to completed, its toolpath previewed on the shop's dashboard from the
 * G-code the bridge sliced; the shop confirms "Bed is clear"; the maker reviews the shop
 * and the design lists the verified make. Screenshots go to test-artifacts/marketplace/.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { DesignList } from "@peerfab/protocol";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageScrollWidth } from "./chromium.ts";
import { type DemoStack, repoRoot as repo, startDemoStack } from "./demo-stack.ts";

const artifacts = join(repo, "test-artifacts", "marketplace");

describe("marketplace in headless Chromium", () => {
  let stack: DemoStack;
  let hub: DemoStack["hub"];
  let makerContext: BrowserContext;
  let shop: Page;
  let maker: Page;
  let designId = "";

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    stack = await startDemoStack({ name: "marketplace-ui" });
    hub = stack.hub;
    shop = await stack.newPage({ width: 1280, height: 900 });
    maker = await stack.newPage({ width: 375, height: 812 });
    makerContext = maker.context();
    const designs = (await (await fetch(`${hub.url}/api/designs?q=calibration`)).json()) as DesignList;
    designId = designs.designs[0]?.id ?? "";
  }, 90_000);

  afterAll(() => stack?.close(), 30_000);

  it("saves the shop profile, with the location rounded to about 1 km", async () => {
    await shop.goto(`${hub.url}/#/shop`);
    await shop.getByTestId("shop-form").waitFor({ timeout: 30_000 });
    const values: Record<string, string> = {
      displayName: "Munich Makers",
      city: "Munich",
      latitude: "48.13743",
      longitude: "11.57549",
      turnaroundDays: "2",
      materials: "PLA, PETG",
      colours: "black, orange",
      currency: "EUR",
      perHour: "2",
      perGram: "0.05",
      minimumOrder: "5",
    };
    for (const [name, value] of Object.entries(values)) await shop.getByTestId(`field-${name}`).fill(value);
    await shop.getByTestId("shop-save").click();
    await expect.poll(() => shop.getByTestId("shop-status").innerText(), { timeout: 15_000 }).toMatch(/^Saved\./);
    expect(await shop.getByTestId("field-latitude").inputValue()).toBe("48.14");
    expect(await shop.getByTestId("field-longitude").inputValue()).toBe("11.58");
    await shop.screenshot({ path: join(artifacts, "shop-profile.png"), fullPage: true });
  }, 60_000);

  it("lets a second account open the calibration cube to shops nearby from the print dialog", async () => {
    const registered = await makerContext.request.post(`${hub.url}/api/auth/register`, {
      data: { email: "maker@example.org", password: "correct horse battery", displayName: "Grace" },
      headers: { origin: hub.url },
    });
    expect(registered.status()).toBe(201);
    await maker.goto(`${hub.url}/#/designs/${designId}`);
    await maker.getByTestId("print-section").waitFor({ timeout: 30_000 });
    await maker.getByTestId("target-open").check();
    await maker.getByTestId("near-latitude").fill("48.2");
    await maker.getByTestId("near-longitude").fill("11.6");
    await maker.getByTestId("near-km").fill("30");
    const row = maker.getByTestId("shop-row").filter({ hasText: "Munich Makers" });
    await expect.poll(() => row.getByTestId("shop-place").innerText(), { timeout: 15_000 }).toMatch(/^Munich · 6\.\d km/);
    expect(await row.getByTestId("shop-fit").innerText()).toBe("Fits PeerFab Virtual MK1 · PLA");
    expect(await row.getByTestId("shop-rating").innerText()).toBe("No reviews yet");
    await maker.getByTestId("material-select").selectOption("PLA");
    await maker.getByTestId("colour-input").fill("orange");
    await maker.getByTestId("notes-input").fill("For my desk, please");
    expect(await pageScrollWidth(maker)).toBeLessThanOrEqual(375);
    await maker.screenshot({ path: join(artifacts, "print-dialog-375.png"), fullPage: true });
    const send = maker.getByTestId("print-button");
    expect(await send.innerText()).toBe("Ask shops for quotes");
    await send.click();
    await maker.getByTestId("quotes-panel").waitFor({ timeout: 15_000 });
    expect(await maker.getByTestId("quotes-status").innerText()).toMatch(/Waiting for quotes|quote/);
    // The shop's bridge slices the model and the hub prices it by the shop's rules: it shows up live.
    const sliced = maker.getByTestId("quote-row").filter({ hasText: "sliced by the shop's printer" });
    await sliced.waitFor({ timeout: 45_000 });
    expect(await sliced.innerText()).toMatch(/Munich Makers/);
  }, 90_000);

  it("shows the shop the open job on its board, and sends a quote with a price", async () => {
    await shop.goto(`${hub.url}/#/board`);
    const offer = shop.getByTestId("offer-card").filter({ hasText: "Calibration cube" });
    await offer.waitFor({ timeout: 30_000 });
    expect(await offer.innerText()).toMatch(/PLA, orange × 1/);
    expect(await offer.innerText()).toMatch(/For my desk, please/);
    await offer.getByTestId("quote-hours").fill("0.5");
    await offer.getByTestId("quote-grams").fill("6");
    await offer.getByTestId("quote-price").fill("12.50");
    expect(await offer.getByTestId("quote-own-price").isChecked()).toBe(true);
    await offer.getByTestId("quote-note").fill("Ready tomorrow");
    await offer.getByTestId("quote-submit").click();
    await expect.poll(() => offer.getByTestId("quote-status").innerText(), { timeout: 15_000 }).toMatch(/^Quoted €12\.50/);
    await shop.screenshot({ path: join(artifacts, "job-board.png"), fullPage: true });
  }, 60_000);

  it("lets the maker compare and accept the quote", async () => {
    // The shop's own quote replaced the one its bridge priced, which is closed now.
    const quote = maker.locator('[data-testid="quote-row"][data-state="offered"]');
    await expect.poll(() => quote.getByTestId("quote-price").innerText(), { timeout: 20_000 }).toBe("€12.50");
    expect(await maker.locator('[data-testid="quote-row"][data-state="closed"]').count()).toBe(1);
    expect(await quote.innerText()).toMatch(/Ready tomorrow/);
    await maker.screenshot({ path: join(artifacts, "quotes-375.png"), fullPage: true });
    await quote.getByTestId("quote-accept").click();
    await expect.poll(() => maker.getByTestId("quotes-status").innerText(), { timeout: 15_000 }).toMatch(/You accepted Munich Makers's quote of €12\.50/);
  }, 30_000);

  it("prints it on the shop's virtual printer to completed, then the shop confirms the bed is clear", async () => {
    await maker.goto(`${hub.url}/#/jobs`);
    await shop.goto(`${hub.url}/#/printers`);
    const card = shop.getByTestId("printer-card").first();
    await expect.poll(() => card.getByTestId("job-state").innerText(), { timeout: 90_000, interval: 500 }).toMatch(/completed/i);
    // The shop's bridge sliced this job itself and sent the hub its G-code: the card previews its
    // toolpath, following the print to the last layer.
    await card.getByTestId("toolpath-canvas").waitFor({ state: "visible", timeout: 30_000 });
    await expect.poll(() => card.getByTestId("toolpath-layer").innerText(), { timeout: 15_000 }).toMatch(/^Layer (\d+) of \1 · Z \d/);
    expect(await card.getByTestId("toolpath-canvas").getAttribute("aria-label")).toMatch(/^Toolpath of layer \d+ of \d+, at /);
    const clear = card.getByTestId("bed-clear-button");
    await clear.waitFor({ state: "visible", timeout: 15_000 });
    await shop.screenshot({ path: join(artifacts, "bed-clear.png"), fullPage: true });
    await clear.click();
    await card.getByTestId("bed-clear").waitFor({ state: "hidden", timeout: 15_000 });
    const printers = (await (await fetch(`${hub.url}/api/printers`)).json()) as { needsBedClear?: boolean }[];
    expect(printers.every((p) => p.needsBedClear === false)).toBe(true);

    // The maker's jobs page followed the print live.
    const row = maker.getByTestId("job-row").first();
    await expect.poll(() => row.getByTestId("job-state").textContent(), { timeout: 15_000 }).toBe("completed");
    expect(await row.getByTestId("job-progress").innerText()).toBe("100%");
    expect(await row.getByTestId("job-price").innerText()).toBe("€12.50");
    const history = await row.getByTestId("job-history").textContent();
    expect(history).toMatch(/Open by you/);
    expect(history).toMatch(/Quoted by the shop/);
    expect(history).toMatch(/Accepted by you/);
    expect(history).toMatch(/Completed by the printer/);
    // The G-code the shop's printer sliced is on the maker's job too, its toolpath one click away.
    const gcode = row.getByTestId("job-sliced-gcode");
    await gcode.waitFor({ timeout: 15_000 });
    expect(await gcode.getByTestId("job-sliced-gcode-download").getAttribute("href")).toMatch(/^\/api\/jobs\/[^/]+\/sliced-gcode$/);
    await gcode.locator("summary").click();
    await gcode.getByTestId("toolpath-canvas").waitFor({ state: "visible", timeout: 30_000 });
    await expect.poll(() => gcode.getByTestId("toolpath-layer").innerText(), { timeout: 15_000 }).toMatch(/^Layer (\d+) of \1 · Z \d/);
  }, 120_000);

  it("lets the maker review the shop once, and the design lists the verified make", async () => {
    const row = maker.getByTestId("job-row").first();
    await row.getByTestId("review-star-5").check();
    await row.getByTestId("review-text").fill("Clean print, quick.");
    await row.getByTestId("review-submit").click();
    await expect.poll(() => row.getByTestId("review-done").innerText(), { timeout: 15_000 }).toMatch(/★★★★★ “Clean print, quick\.”/);
    expect(await pageScrollWidth(maker)).toBeLessThanOrEqual(375);
    await maker.screenshot({ path: join(artifacts, "jobs-review-375.png"), fullPage: true });

    await maker.reload();
    await expect.poll(() => maker.getByTestId("job-row").first().getByTestId("review-done").count(), { timeout: 15_000 }).toBe(1);

    await maker.goto(`${hub.url}/#/designs/${designId}`);
    const make = maker.getByTestId("make-row").first();
    await make.waitFor({ timeout: 15_000 });
    expect(await make.innerText()).toMatch(/Grace made it in PLA on PeerFab Virtual MK1/);
    await maker.getByTestId("target-shop").check();
    const shopRow = maker.getByTestId("shop-row").filter({ hasText: "Munich Makers" });
    await expect.poll(() => shopRow.getByTestId("shop-rating").innerText(), { timeout: 15_000 }).toBe("★ 5 (1 review)");
    await maker.screenshot({ path: join(artifacts, "design-makes-375.png"), fullPage: true });
    expect(stack.pageErrors).toEqual([]);
  }, 60_000);
});
