/**
 * A VirtualMarlin on a real pseudo-terminal pair made by
 * `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`: the printer side reads and writes
 * link A, the bridge opens link B with the real serialport bindings. `unplug()` makes the pty
 * vanish (socat exits: the host sees the port die, like a pulled USB cable) and `replug()` brings
 * it back at the same path with the same printer, which kept its power (heaters as they were).
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
  /** True while socat runs and the host path exists. */
  readonly plugged: boolean;
  /** The cable is pulled: the pty disappears. Resolves once socat has exited. */
  unplug(): Promise<void>;
  /** The cable is back: the same host path, the same printer. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

interface Link {
  socat: ChildProcess;
  input: ReadStream;
  output: WriteStream;
}

async function waitFor(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startSocat(printerPath: string, hostPath: string, printer: VirtualMarlin): Promise<Link> {
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
  const input: ReadStream = createReadStream(printerPath);
  const output: WriteStream = createWriteStream(printerPath);
  input.on("data", (chunk) => printer.receive(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk));
  input.on("error", () => {});
  output.on("error", () => {});
  return { socat, input, output };
}

async function stopSocat(link: Link): Promise<void> {
  const { socat } = link;
  if (socat.exitCode === null && socat.signalCode === null) {
    const exited = new Promise<void>((r) => socat.once("exit", () => r()));
    socat.kill("SIGTERM");
    await exited;
  }
  link.input.destroy();
  link.output.destroy();
}

export async function startVirtualPty(options: VirtualMarlinOptions = {}): Promise<VirtualPty> {
  const dir = await mkdtemp(join(tmpdir(), "peerfab-pty-"));
  const printerPath = join(dir, "printer");
  const hostPath = join(dir, "host");
  const printer = new VirtualMarlin(options);
  let link: Link | null = await startSocat(printerPath, hostPath, printer);
  let closed = false;
  printer.onLine((line) => link?.output.write(`${line}\n`));
  // An unplug in progress: replug must wait for it, or its removal of the link paths could
  // delete the links a new socat has just made.
  let unplugging: Promise<void> = Promise.resolve();
  const unplug = (): Promise<void> => {
    const current = link;
    link = null;
    unplugging = unplugging.then(async () => {
      if (current) await stopSocat(current);
      await Promise.all([rm(printerPath, { force: true }), rm(hostPath, { force: true })]);
    });
    return unplugging;
  };
  printer.onDisconnect(() => void unplug());
  return {
    hostPath,
    printer,
    get plugged() {
      return link !== null;
    },
    unplug,
    async replug() {
      await unplugging;
      if (link || closed) return;
      printer.reconnect();
      link = await startSocat(printerPath, hostPath, printer);
    },
    async close() {
      if (closed) return;
      closed = true;
      printer.close();
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
