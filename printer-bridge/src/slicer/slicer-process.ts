/**
 * Runs a slicer executable as a child process (never through a shell) in its own process group,
 * so stopping it stops everything it started (an AppImage or wrapper script runs the real slicer
 * as a grandchild). Output lines reach `onLine` as they come; the last {@link KEPT_LINES} are
 * kept for error messages. A time limit and an AbortSignal both kill the group with SIGKILL.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const KEPT_LINES = 60;

export interface ProcessRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines printed on stdout and stderr. */
  lines: string[];
  /** Why the process was stopped by us, if it was. */
  stopped: "time-limit" | "cancelled" | null;
}

export interface ProcessOptions {
  timeLimitMs: number;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
}

export class SpawnError extends Error {
  constructor(
    readonly errno: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

export function runProcess(executable: string, args: readonly string[], options: ProcessOptions): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let stopped: ProcessRun["stopped"] = null;
    if (options.signal?.aborted) {
      resolve({ exitCode: null, signal: null, lines, stopped: "cancelled" });
      return;
    }
    const child = spawn(executable, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    const stop = (why: "time-limit" | "cancelled") => {
      stopped ??= why;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop("time-limit"), options.timeLimitMs);
    const onAbort = () => stop("cancelled");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    // Without this, a bridge that exits while slicing would leave the detached group running.
    const onExit = () => killGroup(child.pid);
    process.once("exit", onExit);
    const keep = (line: string) => {
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
      options.onLine?.(line);
    };
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream, crlfDelay: Infinity }).on("line", keep);
    const finish = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      process.removeListener("exit", onExit);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      finish();
      reject(new SpawnError(error.code, error.message));
    });
    child.on("close", (exitCode, signal) => {
      finish();
      // Anything the process started is stopped with it, even if it exited by itself.
      if (stopped) killGroup(child.pid);
      resolve({ exitCode, signal, lines, stopped });
    });
  });
}
