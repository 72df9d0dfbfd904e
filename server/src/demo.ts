/**
 * `npm start`: the hub plus a printer-bridge child process driving the virtual printer, so a fresh
 * checkout has something to print on. The bridge's output is prefixed with `[bridge]`; it is
 * restarted with backoff if it dies; SIGINT/SIGTERM stop both.
 */
import { launchBridgeProcess, stopBridgeProcess } from "@peerfab/printer-bridge/launch";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pino } from "pino";
import { hubOptions, readEnvironment } from "./environment.ts";
import { startHub } from "./hub.ts";

const env = readEnvironment();
const log = pino({ level: env.logLevel });
// The demo trusts this computer (PEERFAB_TRUSTED_LOCAL=0 turns it off): a browser on it acts as the
// local owner of the demo printer without an account; a signed-in session always wins.
const options = hubOptions(env, log, true);
const hub = await startHub(options);

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** A bridge that ran this long before dying counts as healthy: the backoff starts over. */
const HEALTHY_RUN_MS = 60_000;

let bridge: ChildProcess | null = null;
let backoff = MIN_BACKOFF_MS;
let restartTimer: NodeJS.Timeout | null = null;
let stopping = false;

function prefixLines(stream: Readable | null, out: NodeJS.WriteStream): void {
  if (!stream) return;
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) out.write(`[bridge] ${line}\n`);
  });
  stream.on("end", () => {
    if (rest) out.write(`[bridge] ${rest}\n`);
  });
}

function startBridge(): void {
  const startedAt = Date.now();
  const child = launchBridgeProcess({
    hubUrl: hub.url,
    tokenFile: join(env.dataDir, "bridge-token"),
    stateDir: join(env.dataDir, "bridge"),
    virtual: true,
  });
  bridge = child;
  prefixLines(child.stdout, process.stdout);
  prefixLines(child.stderr, process.stderr);
  child.on("error", (error) => log.error({ err: error }, "could not start the printer-bridge"));
  child.on("exit", (code, signal) => {
    if (bridge === child) bridge = null;
    if (stopping) return;
    if (Date.now() - startedAt > HEALTHY_RUN_MS) backoff = MIN_BACKOFF_MS;
    log.warn({ code, signal, restartInMs: backoff }, "the printer-bridge exited; restarting it");
    restartTimer = setTimeout(startBridge, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  });
}

startBridge();
console.log(`PeerFab is running: open http://localhost:${hub.port}`);
console.log(
  options.trustedLocal
    ? "This computer acts as the demo printer's owner (\"Local maker\") without signing in. From other computers, register an account on the Sign in page; PEERFAB_TRUSTED_LOCAL=0 requires accounts here too."
    : "PEERFAB_TRUSTED_LOCAL=0: sign in or register on the Sign in page. The demo printer belongs to the local owner account, which has no password; unset PEERFAB_TRUSTED_LOCAL to use it from this computer.",
);

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping the bridge and the hub");
  if (restartTimer) clearTimeout(restartTimer);
  if (bridge) await stopBridgeProcess(bridge);
  await hub.close();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "did not stop cleanly");
        process.exit(1);
      },
    );
  });
}
