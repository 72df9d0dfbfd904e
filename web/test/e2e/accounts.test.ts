/**
 * Accounts in a real browser: Debian's Chromium, headless, driven by playwright-core, against a
 * real hub that trusts nobody implicitly. Register (with field errors on the way), sign out, sign
 * in (a wrong password first), create an API token, copy it, connect a bridge with it and watch
 * its printer live (so the app's socket is signed in as the user), revoke it. The hub's
 * Content-Security-Policy is on throughout; a violation fails the test. Screenshots go to
 * test-artifacts/accounts/.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BRIDGE_NAMESPACE, type BridgeToHubEvents, type HubToBridgeEvents, type Me } from "@peerfab/protocol";
import { type Hub, startHub } from "@peerfab/server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const artifacts = join(repo, "test-artifacts", "accounts");

const PASSWORD = "correct horse battery";

describe("accounts in headless Chromium", () => {
  let dataDir: string;
  let hub: Hub;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token = "";
  let bridge: Socket<HubToBridgeEvents, BridgeToHubEvents> | null = null;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const meWith = async (bearer: string): Promise<{ status: number; me: Me | null }> => {
    const response = await fetch(`${hub.url}/api/auth/me`, { headers: { authorization: `Bearer ${bearer}` } });
    return { status: response.status, me: response.ok ? ((await response.json()) as Me) : null };
  };

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), "peerfab-accounts-"));
    hub = await startHub({ port: 0, host: "127.0.0.1", dataDir, webDir: join(repo, "web", "dist"), seedDir: null });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: hub.url });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (/Content[ -]Security[ -]Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    bridge?.close();
    await browser?.close();
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("registers, showing each problem next to its field first", async () => {
    await page.goto(hub.url);
    await page.getByTestId("sign-in-link").waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Register" }).first().click();
    await page.waitForURL(/#\/register/);

    await page.getByTestId("field-email").fill("ada@example");
    await page.getByTestId("field-displayName").fill("Ada");
    await page.getByTestId("field-password").fill("short");
    await page.getByTestId("register-submit").click();
    expect(await page.getByTestId("field-email-error").innerText()).toMatch(/email address like name@example.com/);
    expect(await page.getByTestId("field-password-error").innerText()).toMatch(/at least 10 characters/);
    expect(await page.getByTestId("field-displayName-error").innerText()).toBe("");
    expect(await page.getByTestId("field-password").getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: join(artifacts, "register-errors.png"), fullPage: true });

    await page.getByTestId("field-email").fill("Ada@Example.org");
    await page.getByTestId("field-password").fill(PASSWORD);
    await page.getByTestId("register-submit").click();
    await expect.poll(() => page.getByTestId("account-name").innerText(), { timeout: 15_000 }).toBe("Ada");
    // The live connection was reopened with the new session.
    await expect.poll(() => page.getByTestId("hub-connection").getAttribute("data-state"), { timeout: 15_000 }).toBe("live");
    await page.screenshot({ path: join(artifacts, "signed-in.png"), fullPage: true });
  }, 60_000);

  it("signs out, refuses a wrong password next to the field, and signs in again", async () => {
    await page.getByTestId("sign-out").click();
    await page.getByTestId("sign-in-link").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("account-name").count()).toBe(0);

    await page.getByTestId("sign-in-link").click();
    await page.waitForURL(/#\/sign-in/);
    await page.getByTestId("field-email").fill("ada@example.org");
    await page.getByTestId("field-password").fill("not my password");
    await page.getByTestId("sign-in-submit").click();
    await expect.poll(() => page.getByTestId("field-password-error").innerText(), { timeout: 15_000 }).toMatch(/Wrong email or password/);
    await page.screenshot({ path: join(artifacts, "sign-in-error.png"), fullPage: true });

    await page.getByTestId("field-password").fill(PASSWORD);
    await page.getByTestId("sign-in-submit").click();
    await expect.poll(() => page.getByTestId("account-name").innerText(), { timeout: 15_000 }).toBe("Ada");
  }, 60_000);

  it("creates an API token, shows it once with a working copy button, and the token acts as the user", async () => {
    await page.getByTestId("tokens-link").click();
    await page.waitForURL(/#\/tokens/);
    await page.getByTestId("field-label").fill("workshop bridge");
    await page.getByTestId("token-create").click();
    const secret = page.getByTestId("token-secret");
    await secret.waitFor({ timeout: 15_000 });
    token = await secret.inputValue();
    expect(token).toMatch(/^pf_[A-Za-z0-9_-]{32}$/);

    await page.getByTestId("token-copy").click();
    await expect.poll(() => page.getByTestId("token-copy-status").innerText(), { timeout: 5_000 }).toBe("Copied.");
    const clipboard = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(clipboard).toBe(token);

    const row = page.getByTestId("token-row").filter({ hasText: "workshop bridge" });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).not.toContain(token);
    const used = await meWith(token);
    expect(used.me?.user?.email).toBe("ada@example.org");
    await page.screenshot({ path: join(artifacts, "token-created.png"), fullPage: true });
  }, 60_000);

  it("shows the printer a bridge registers with the token live, to its owner", async () => {
    await page.getByRole("link", { name: "Printers" }).click();
    await page.waitForURL(/#\/printers/);
    bridge = io(`${hub.url}${BRIDGE_NAMESPACE}`, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => bridge?.once("connect", () => resolve()).once("connect_error", reject));
    const capabilities = { buildVolume: { x: 180, y: 180, z: 180 }, nozzleDiameter: 0.4, firmware: "Marlin (test)", firmwareCaps: {}, materials: ["PLA"], acceptsRemoteJobs: false, virtual: true };
    const hello = await bridge.emitWithAck("bridge:hello", { bridgeId: "ada-workshop", version: "test", printers: [{ localId: "mini", name: "Ada's Mini", capabilities }], jobs: [] });
    if (!hello.ok) throw new Error(hello.detail);
    const printerId = hello.printers[0]?.printerId ?? "";
    bridge.emit("printer:status", { printerId, state: "idle", temperatures: { tools: [{ actual: 23, target: 0 }], bed: null }, progress: null, message: null, at: new Date().toISOString() });
    const card = page.getByTestId("printer-card").filter({ hasText: "Ada's Mini" });
    await expect.poll(() => card.getByTestId("printer-state").innerText(), { timeout: 15_000 }).toMatch(/idle/i);
    await page.screenshot({ path: join(artifacts, "own-printer.png"), fullPage: true });
  }, 60_000);

  it("revokes the token, which stops working at once and disconnects its bridge", async () => {
    const disconnected = new Promise<string>((resolve) => bridge?.once("disconnect", resolve));
    await page.getByTestId("tokens-link").click();
    await page.waitForURL(/#\/tokens/);
    const row = page.getByTestId("token-row").filter({ hasText: "workshop bridge" });
    await row.getByTestId("token-revoke").click();
    expect(await row.getByTestId("token-revoke").innerText()).toMatch(/Revoke now/);
    await row.getByTestId("token-revoke").click();
    await expect.poll(() => row.getAttribute("data-revoked"), { timeout: 15_000 }).toBe("true");
    expect(await row.getByTestId("token-state").innerText()).toMatch(/revoked/i);
    expect((await meWith(token)).status).toBe(401);
    expect(await disconnected).toBe("io server disconnect");
    await page.screenshot({ path: join(artifacts, "token-revoked.png"), fullPage: true });

    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 60_000);
});
