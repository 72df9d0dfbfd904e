/**
 * The harness the slicing tests share (quotes sliced by the bridge, jobs dispatched as a model):
 * per test a temporary directory, a fake hub serving one model, and a real bridge whose virtual
 * printer heats fast; everything is closed after each test.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { startBridge, type RunningBridge } from "../src/bridge.ts";
import { type PrinterConfig, virtualPrinterConfig } from "../src/config.ts";
import { type FakeHub, startFakeHub, TOKEN, until } from "./fake-hub.ts";

/** The demo's virtual printer, heating 2000 °C/s so a test does not wait for temperatures. */
export function fastVirtualPrinter(overrides: Partial<PrinterConfig> = {}, acceptedLogPath?: string): PrinterConfig {
  const config = virtualPrinterConfig(acceptedLogPath);
  return { ...config, virtual: { ...config.virtual, heatingRate: 2000 }, ...overrides };
}

export interface SlicingBridgeOptions {
  /** `null`: a bridge without a slicer; left out, the installed PrusaSlicer. */
  slicer?: null;
  /** Default: `fastVirtualPrinter()`. */
  printer?: PrinterConfig;
}

export interface SlicingBridge {
  /** The current test's temporary directory. */
  readonly dir: string;
  /** The running bridge, once `start` resolved. */
  readonly bridge: RunningBridge | null;
  /** Starts the hub serving `model` and a bridge with one printer; resolves once it is registered, idle, and the hub has heard so. */
  start(model: Buffer, options?: SlicingBridgeOptions): Promise<FakeHub>;
  /** Closes the bridge and starts another (its own state) with `printer` against the same hub; resolves once it is ready. */
  replaceBridge(printer: PrinterConfig): Promise<RunningBridge>;
}

/** Registers the per-test set-up and clean-up in the calling `describe`; `prefix` names the temporary directories. */
export function useSlicingBridge(prefix: string): SlicingBridge {
  let dir = "";
  let hub: FakeHub | null = null;
  let bridge: RunningBridge | null = null;
  let bridges = 0;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  });

  afterEach(async () => {
    await bridge?.close();
    bridge = null;
    await hub?.close();
    hub = null;
    await rm(dir, { recursive: true, force: true });
  });

  async function launch(current: FakeHub, printer: PrinterConfig, slicer?: null): Promise<RunningBridge> {
    bridges++;
    const since = current.statuses.length;
    const started = await startBridge({
      hubUrl: current.url,
      token: TOKEN,
      stateDir: join(dir, `state-${bridges}`),
      printers: [printer],
      ...(slicer === null ? { slicer: null } : {}),
    });
    bridge = started;
    await until("the bridge registered and idle", () => started.hub.connected && started.printers[0]?.state === "idle");
    await until("the hub told the printer is idle", () => current.statuses.slice(since).find((s) => s.state === "idle"));
    return started;
  }

  return {
    get dir() {
      return dir;
    },
    get bridge() {
      return bridge;
    },
    async start(model, options = {}) {
      const current = await startFakeHub(model);
      hub = current;
      await launch(current, options.printer ?? fastVirtualPrinter(), options.slicer);
      return current;
    },
    async replaceBridge(printer) {
      if (!hub) throw new Error("replaceBridge before start");
      await bridge?.close();
      bridge = null;
      return launch(hub, printer);
    },
  };
}
