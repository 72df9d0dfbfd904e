/**
 * Starts the printer-bridge CLI as a child process: how `npm start` runs the demo bridge beside
 * the hub, and how end-to-end tests run a real bridge process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const cliPath = fileURLToPath(new URL("./cli.ts", import.meta.url));
const workspaceRoot = fileURLToPath(new URL("../", import.meta.url));

export interface BridgeProcessOptions {
  hubUrl: string;
  /** File holding the API token the bridge authenticates with. */
  tokenFile: string;
  /** Where the bridge keeps its identity and the job it is printing. */
  stateDir: string;
  /** Add the virtual printer. */
  virtual?: boolean;
  /** Write every command the virtual printer accepts to this file. */
  virtualLog?: string;
  /** A printers.json describing real printers. */
  config?: string;
  env?: NodeJS.ProcessEnv;
}

export function bridgeArguments(options: BridgeProcessOptions): string[] {
  const args = ["--hub", options.hubUrl, "--token-file", options.tokenFile, "--state-dir", options.stateDir];
  if (options.virtual) args.push("--virtual");
  if (options.virtualLog) args.push("--virtual-log", options.virtualLog);
  if (options.config) args.push("--config", options.config);
  return args;
}

/** Spawns the bridge with piped stdout/stderr; the caller owns the process and must stop it. */
export function launchBridgeProcess(options: BridgeProcessOptions): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", cliPath, ...bridgeArguments(options)], {
    cwd: workspaceRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Sends SIGTERM and resolves when the process has exited (SIGKILL after `graceMs`). */
export async function stopBridgeProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
