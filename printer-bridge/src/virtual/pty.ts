/**
 * A VirtualMarlin on a real pseudo-terminal pair made by
 * `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`: the printer side reads and writes
 * link A, the bridge opens link B with the real serialport bindings.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, type ReadStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualMarlin, type VirtualMarlinOptions } from "./virtual-marlin.ts";

export interface VirtualPty {
  /** The path the host opens (link B). */
  readonly hostPath: string;
  readonly printer: VirtualMarlin;
  close(): Promise<void>;
}

async function waitFor(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startVirtualPty(options: VirtualMarlinOptions = {}): Promise<VirtualPty> {
  const dir = await mkdtemp(join(tmpdir(), "peerfab-pty-"));
  const printerPath = join(dir, "printer");
  const hostPath = join(dir, "host");
  const socat: ChildProcess = spawn(
    "socat",
    ["-d", "-d", `pty,raw,echo=0,link=${printerPath}`, `pty,raw,echo=0,link=${hostPath}`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let socatError = "";
  socat.stderr?.on("data", (d: Buffer) => (socatError += d.toString()));
  const spawnFailed = new Promise<never>((_, reject) =>
    socat.once("error", (error) => reject(new Error(`Cannot start socat (install it: apt-get install socat): ${error.message}`))),
  );
  await Promise.race([waitFor(() => existsSync(printerPath) && existsSync(hostPath), `socat ptys (${socatError})`), spawnFailed]);
  const printer = new VirtualMarlin(options);
  const input: ReadStream = createReadStream(printerPath);
  const output: WriteStream = createWriteStream(printerPath);
  input.on("data", (chunk) => printer.receive(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk));
  input.on("error", () => {});
  output.on("error", () => {});
  printer.onLine((line) => output.write(`${line}\n`));
  let closed = false;
  printer.onDisconnect(() => socat.kill("SIGTERM"));
  return {
    hostPath,
    printer,
    async close() {
      if (closed) return;
      closed = true;
      printer.close();
      if (socat.exitCode === null && socat.signalCode === null) {
        const exited = new Promise<void>((r) => socat.once("exit", () => r()));
        socat.kill("SIGTERM");
        await exited;
      }
      input.destroy();
      output.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
