/**
 * Issue #6: "after a reconnect the page resyncs state, it does not show stale values". In Debian's
 * Chromium against the demo stack, the page's live connection to the hub is cut (its WebSocket
 * closed and new connections refused, through playwright's WebSocket and request routing) while
 * the job on the virtual printer is paused and then cancelled through the API, so the page misses
 * those `job:updated` events. The header says it is reconnecting and the page still shows the old
 * state; once the line is back, the printers dashboard and the jobs page show the new state
 * without a reload.
 */
import type { DesignList, Job, Printer } from "@peerfab/protocol";
import type { Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoStack, startDemoStack } from "./demo-stack.ts";

/** The page's socket.io connection, passed through until `cut()`, refused until `restore()`. */
interface HubLine {
  /** True once the connection runs over the WebSocket (socket.io starts with HTTP long-polling). */
  upgraded(): boolean;
  cut(): Promise<void>;
  restore(): void;
}

async function routeHubLine(page: Page): Promise<HubLine> {
  let cut = false;
  let upgraded = false;
  const open: { page: WebSocketRoute; hub: WebSocketRoute }[] = [];
  await page.routeWebSocket(/\/socket\.io\//, async (ws) => {
    if (cut) {
      await ws.close();
      return;
    }
    const hub = ws.connectToServer();
    // Engine.io's upgrade packet ("5") from the page: from now on the WebSocket carries everything.
    ws.onMessage((message) => {
      if (message === "5") upgraded = true;
      hub.send(message);
    });
    hub.onMessage((message) => ws.send(message));
    open.push({ page: ws, hub });
  });
  await page.route(/\/socket\.io\/.*transport=polling/, (route) => (cut ? route.abort() : route.continue()));
  return {
    upgraded: () => upgraded,
    async cut() {
      cut = true;
      upgraded = false;
      for (const { page: side, hub } of open.splice(0)) {
        await side.close();
        await hub.close();
      }
    },
    restore() {
      cut = false;
    },
  };
}

describe("resync after a reconnect in headless Chromium", () => {
  let stack: DemoStack;
  let hub: DemoStack["hub"];
  let page: Page;
  let line: HubLine;
  let jobId = "";

  const control = async (action: "pause" | "cancel", expected: Job["state"]) => {
    const response = await fetch(`${hub.url}/api/jobs/${jobId}/${action}`, { method: "POST", headers: { origin: hub.url } });
    expect(response.status).toBeLessThan(300);
    await expect.poll(async () => ((await (await fetch(`${hub.url}/api/jobs/${jobId}`)).json()) as Job).state, { timeout: 30_000 }).toBe(expected);
  };
  const connection = () => page.getByTestId("hub-connection").getAttribute("data-state");

  beforeAll(async () => {
    stack = await startDemoStack({ name: "reconnect" });
    hub = stack.hub;
    page = await stack.newPage();
    line = await routeHubLine(page);
  }, 90_000);

  afterAll(() => stack?.close(), 30_000);

  it("starts a long print and follows it live", async () => {
    await expect.poll(async () => ((await (await fetch(`${hub.url}/api/designs?q=pencil`)).json()) as DesignList).total, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => ((await (await fetch(`${hub.url}/api/printers`)).json()) as Printer[]).length, { timeout: 60_000 }).toBe(1);
    const [cup] = ((await (await fetch(`${hub.url}/api/designs?q=pencil`)).json()) as DesignList).designs;
    const [printer] = (await (await fetch(`${hub.url}/api/printers`)).json()) as Printer[];
    const created = await fetch(`${hub.url}/api/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: hub.url },
      body: JSON.stringify({ designId: cup?.id, printerId: printer?.id }),
    });
    jobId = ((await created.json()) as Job).id;
    await page.goto(`${hub.url}/#/printers`);
    await expect.poll(() => page.getByTestId("job-state").first().innerText(), { timeout: 60_000 }).toMatch(/printing/i);
    await expect.poll(() => line.upgraded(), { timeout: 15_000 }).toBe(true);
    expect(await connection()).toBe("live");
  }, 120_000);

  it("shows the job paused on the printers dashboard after the line comes back", async () => {
    await line.cut();
    await expect.poll(connection, { timeout: 15_000 }).toBe("reconnecting");
    await control("pause", "paused");
    expect(await page.getByTestId("printer-card").getByTestId("job-state").innerText()).toMatch(/printing/i);
    line.restore();
    await expect.poll(connection, { timeout: 30_000 }).toBe("live");
    await expect.poll(() => page.getByTestId("printer-card").getByTestId("job-state").innerText(), { timeout: 15_000 }).toMatch(/paused/i);
  }, 90_000);

  it("shows the job cancelled on the jobs page after the line comes back", async () => {
    await page.getByRole("link", { name: "Jobs" }).click();
    const row = page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);
    await expect.poll(() => row.getByTestId("job-state").innerText(), { timeout: 15_000 }).toMatch(/paused/i);
    await expect.poll(() => line.upgraded(), { timeout: 15_000 }).toBe(true);
    await line.cut();
    await expect.poll(connection, { timeout: 15_000 }).toBe("reconnecting");
    // Cancelled is final: no later event could bring the row up to date, only the reload after the reconnect.
    await control("cancel", "cancelled");
    expect(await row.getByTestId("job-state").innerText()).toMatch(/paused/i);
    line.restore();
    await expect.poll(connection, { timeout: 30_000 }).toBe("live");
    await expect.poll(() => row.getByTestId("job-state").innerText(), { timeout: 15_000 }).toMatch(/cancelled/i);
    expect(stack.pageErrors).toEqual([]);
  }, 90_000);
});
