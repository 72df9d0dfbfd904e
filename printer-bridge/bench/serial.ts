/**
 * `npm run bench:serial` (issue #3): streams the first N commands of a G-code file through a
 * real pty (socat) with the real serialport bindings to the virtual printer — zero processing
 * time, 2–4 ms reply latency — at 115200 and 250000 baud, in one-line and window mode, and prints
 * lines/s against the wire limit. It measures; it exits 0 whether the targets are met or not.
 *
 *   npm run bench:serial -- [--file models/pencil-cup.gcode] [--lines 6000] [--baud 115200,250000] [--latency 2,4] [--no-advanced-ok]
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import { cpus, availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gcodeCommands } from "@peerfab/protocol";
import type { WindowMode } from "../src/marlin/send-window.ts";
import { PrinterConnection } from "../src/printer/printer-connection.ts";
import { openSerialLine } from "../src/serial/serial-port.ts";
import type { VirtualMarlinOptions } from "../src/virtual/virtual-marlin.ts";
import { commandsDigest, formatResults, meanWireBytes, type PrinterReport, type RunResult } from "./figures.ts";

const here = dirname(fileURLToPath(import.meta.url));
interface BenchOptions {
  file: string;
  lines: number;
  bauds: number[];
  /** Reply latency range in ms. */
  latency: [number, number];
  /** The printer answers `ok N.. P.. B..` (Marlin's ADVANCED_OK, off in stock Marlin builds). */
  advancedOk: boolean;
}

const USAGE = "Usage: npm run bench:serial -- [--file F.gcode] [--lines 6000] [--baud 115200,250000] [--latency 2,4] [--no-advanced-ok]";

function parseArguments(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    file: join(here, "../../models/pencil-cup.gcode"),
    lines: 6000,
    bauds: [115200, 250000],
    latency: [2, 4],
    advancedOk: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1] ?? "";
    if (flag === "--no-advanced-ok") {
      options.advancedOk = false;
      continue;
    }
    if (flag === "--file") options.file = resolve(value);
    else if (flag === "--lines") options.lines = Number.parseInt(value, 10);
    else if (flag === "--baud") options.bauds = value.split(",").map((b) => Number.parseInt(b, 10));
    else if (flag === "--latency") {
      const [min = Number.NaN, max = min] = value.split(",").map(Number);
      options.latency = [min, max];
    } else throw new Error(`Unknown argument ${flag}. ${USAGE}`);
    i++;
  }
  const [min, max] = options.latency;
  if (!(options.lines > 0) || options.bauds.some((b) => !(b > 0)) || !(min >= 0 && max >= min))
    throw new Error(`--lines and --baud need positive numbers, --latency a range like 2,4. ${USAGE}`);
  return options;
}

/** Starts the virtual printer on a pty in its own process; resolves once the host side exists. */
async function startPrinterProcess(options: VirtualMarlinOptions): Promise<{ child: ChildProcess; hostPath: string }> {
  const child = fork(join(here, "virtual-printer-process.ts"), [JSON.stringify(options)], {
    execArgv: ["--import", import.meta.resolve("tsx")],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const hostPath = await new Promise<string>((resolvePath, reject) => {
    child.once("message", (message) => resolvePath((message as { hostPath: string }).hostPath));
    child.once("exit", (code) => reject(new Error(`The virtual printer process exited (${code}) before its pty was ready.`)));
  });
  return { child, hostPath };
}

function askReport(child: ChildProcess): Promise<PrinterReport> {
  return new Promise((resolveReport) => {
    child.once("message", (message) => resolveReport(message as PrinterReport));
    child.send("report");
  });
}

async function stopPrinterProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.send("close");
  await exited;
}

interface Measured {
  run: RunResult;
  /** The bridge's send window: queue slots it counted on, most bytes it had in flight. */
  window: { queueSlots: number; peakBytesInFlight: number };
}

async function measure(baud: number, mode: WindowMode, commands: readonly string[], options: BenchOptions): Promise<Measured> {
  const { child, hostPath } = await startPrinterProcess({
    baud,
    replyLatencyMs: options.latency,
    advancedOk: options.advancedOk,
    processingMs: 0,
    motion: "instant",
    // The file starts by heating; instant heaters keep the measurement about the serial line.
    heatingRate: 1e6,
  });
  try {
    const line = await openSerialLine({ path: hostPath, baudRate: baud });
    const connection = new PrinterConnection(line, { windowMode: mode, rxBufferSize: 128 });
    await connection.handshake();
    const started = performance.now();
    const outcome = await connection.print(`bench-${baud}-${mode}`, commands);
    const seconds = (performance.now() - started) / 1000;
    const window = connection.windowStats;
    await connection.close();
    const report = await askReport(child);
    const intact =
      outcome.outcome === "completed" &&
      report.accepted === commands.length &&
      report.acceptedSha256 === commandsDigest(commands) &&
      report.rxOverflowBytes === 0;
    if (outcome.outcome !== "completed") console.error(`  ${baud} ${mode}: job ${outcome.outcome}: ${outcome.message ?? ""}`);
    return { run: { baud, mode, lines: commands.length, seconds, meanBytesPerLine: meanWireBytes(commands), intact }, window };
  } finally {
    await stopPrinterProcess(child);
  }
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const text = await readFile(options.file, "utf8").catch((error: Error) => {
    throw new Error(`Cannot read the G-code file ${options.file}: ${error.message}. Pass another with --file.`);
  });
  const all = gcodeCommands(text);
  const commands = all.slice(0, options.lines);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(`bench:serial — ${availableParallelism()} cores, ${cpu}, node ${process.version}, ${process.platform}`);
  console.log(
    `file: first ${commands.length} of ${all.length} commands of ${relative(process.cwd(), options.file)} (comments and blank lines stripped)`,
  );
  console.log(
    `printer: virtual Marlin in its own process on a socat pty, real serialport bindings on the host side; RX buffer 128 B, BUFSIZE 4, zero processing time, reply latency uniform ${options.latency[0]}–${options.latency[1]} ms, ADVANCED_OK ${options.advancedOk ? "on" : "off"}`,
  );
  console.log(
    "note: a pty has no baud rate; the wire is simulated by the virtual printer's pacing at baud/10 bytes/s (8N1) in each direction.",
  );
  console.log("");
  const runs: RunResult[] = [];
  for (const baud of options.bauds) {
    for (const mode of ["one-line", "window"] as const) {
      process.stdout.write(`  ${baud} baud, ${mode} mode … `);
      const { run, window } = await measure(baud, mode, commands, options);
      console.log(`${run.seconds.toFixed(2)} s (queue slots counted on: ${window.queueSlots}, peak in flight: ${window.peakBytesInFlight} B)`);
      runs.push(run);
    }
  }
  console.log("");
  console.log(formatResults(runs));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
