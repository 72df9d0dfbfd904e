/**
 * What the browser tests run against, as `npm start` runs it: a real hub serving the built web
 * app (web/dist), trusting this computer as its local owner, optionally seeded with models/; a
 * real bridge process with the virtual printer (or the printers of a printers.json); and headless
 * Debian Chromium. Page errors of every page opened through `newPage` are collected.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBridgeProcess, stopBridgeProcess } from "@peerfab/printer-bridge/launch";
import { type Hub, startHub } from "@peerfab/server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./chromium.ts";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface DemoStackOptions {
  /** Names the temporary data directory. */
  name: string;
  /** Import the sample designs of models/ (default true). */
  seed?: boolean;
  /** No bridge (`false`), the demo's virtual printer (`"virtual"`, the default), or the entries of a printers.json. */
  printers?: false | "virtual" | readonly object[];
}

export interface DemoStack {
  hub: Hub;
  dataDir: string;
  browser: Browser;
  /** Errors thrown in any page opened with `newPage`. */
  pageErrors: string[];
  /** A page in its own browser context of the given size (default 1280 × 900). */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const dataDir = await mkdtemp(join(tmpdir(), `peerfab-${options.name}-`));
  const hub = await startHub({
    port: 0,
    host: "127.0.0.1",
    dataDir,
    webDir: join(repoRoot, "web", "dist"),
    seedDir: options.seed === false ? null : join(repoRoot, "models"),
    // As `npm start`: this computer acts as the local owner of the demo printer without signing in.
    trustedLocal: true,
  });
  let bridge: ChildProcess | null = null;
  const printers = options.printers ?? "virtual";
  if (printers !== false) {
    const bridgeOptions = { hubUrl: hub.url, tokenFile: join(dataDir, "bridge-token"), stateDir: join(dataDir, "bridge") };
    if (printers === "virtual") bridge = launchBridgeProcess({ ...bridgeOptions, virtual: true });
    else {
      const config = join(dataDir, "printers.json");
      await writeFile(config, JSON.stringify(printers));
      bridge = launchBridgeProcess({ ...bridgeOptions, config });
    }
  }
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    hub,
    dataDir,
    browser,
    pageErrors,
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      return page;
    },
    async close() {
      await browser.close();
      if (bridge) await stopBridgeProcess(bridge);
      await hub.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
