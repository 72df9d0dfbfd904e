/**
 * The hub as production runs it — `server/src/main.ts` in a Node process of its own, configured
 * through the environment (PORT, PEERFAB_DATA_DIR) — for end-to-end tests that kill it with
 * SIGKILL (no graceful shutdown) and start it again on the same port and data directory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { collectOutput } from "./support.ts";

const mainPath = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const serverRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface HubProcessOptions {
  /** The hub's data directory (SQLite file, blobs); a second run on the same one finds everything the first stored. */
  dataDir: string;
  /** 0 (default) picks a free port; the port of an earlier run brings the hub back where its clients look for it. */
  port?: number;
  /** Startup deadline in seconds (the first start also imports the sample designs of models/). */
  startSeconds?: number;
}

export interface HubProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The local account's API token the hub wrote to `<dataDir>/bridge-token`. */
  bridgeToken: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL: the process ends at once, whatever it was doing; resolves when it has exited. */
  kill(): Promise<void>;
  /** SIGTERM (the hub closes cleanly), SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `main.ts` and resolves once it logged "hub listening" (rejects with its output if it exits or hangs first). */
export async function launchHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", mainPath], {
    cwd: serverRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: "127.0.0.1",
      PEERFAB_DATA_DIR: options.dataDir,
      PEERFAB_TRUSTED_LOCAL: "0",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collectOutput(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await listeningUrl(child, output, options.startSeconds ?? 60);
  const end = async (signal: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    url,
    port: Number(new URL(url).port),
    bridgeToken: (await readFile(join(options.dataDir, "bridge-token"), "utf8")).trim(),
    child,
    output,
    kill: () => end("SIGKILL", 0),
    stop: (graceMs = 10_000) => end("SIGTERM", graceMs),
  };
}

/** The `url` of the hub's pino line "hub listening" (one JSON object per line on stdout). */
function listeningUrl(child: ChildProcess, output: () => string, seconds: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let pending = "";
    const onData = (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const url = urlOfListeningLine(line);
        if (url) {
          finish();
          resolve(url);
          return;
        }
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish();
      reject(new Error(`the hub process exited (${signal ?? `code ${code}`}) before listening:\n${output()}`));
    };
    const timer = setTimeout(() => {
      finish();
      child.kill("SIGKILL");
      reject(new Error(`the hub process did not listen within ${seconds} s:\n${output()}`));
    }, seconds * 1000);
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

function urlOfListeningLine(line: string): string | undefined {
  if (!line.includes('"hub listening"')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === "hub listening" && typeof entry.url === "string" ? entry.url : undefined;
  } catch {
    return undefined;
  }
}
