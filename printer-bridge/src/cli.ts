/** printer-bridge command line: service mode, standalone print, port list. */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import cliProgress from "cli-progress";
import { startBridge } from "./bridge.ts";
import { type CliCommand, parseCliArguments, USAGE, UsageError } from "./cli-arguments.ts";
import { pickPrinterConfig, refusalBeforePrinting } from "./cli-policy.ts";
import { sliceForCli } from "./cli-slice.ts";
import { loadPrintersFile, type PrinterConfig, virtualPrinterConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { type AttachedPrinter, connectReadyPrinter } from "./printer/attached-printer.ts";
import { findPrinter } from "./serial/port-discovery.ts";
import { listPorts } from "./serial/serial-port.ts";

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`\n${signal}: shutting down…\n`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
}

async function readToken(file: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline)
      throw new UsageError(`token file ${file} does not exist; create an API token on the hub and save it there`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const token = (await readFile(file, "utf8")).trim();
  if (!token) throw new UsageError(`token file ${file} is empty`);
  return token;
}

async function serve(command: Extract<CliCommand, { kind: "serve" }>): Promise<void> {
  const logger = createLogger();
  const printers: PrinterConfig[] = command.config ? await loadPrintersFile(command.config) : [];
  if (command.virtual) printers.push(virtualPrinterConfig(command.virtualLog ? resolve(command.virtualLog) : undefined));
  const token = command.token ?? (await readToken(command.tokenFile ?? ""));
  const bridge = await startBridge({ hubUrl: command.hubUrl, token, stateDir: command.stateDir, printers, logger });
  logger.info({ hub: command.hubUrl, printers: printers.map((p) => p.localId) }, "bridge running");
  onShutdown(() => bridge.close());
}

function formatTemps(printer: AttachedPrinter): string {
  const t = printer.temperatures;
  if (!t) return "";
  const tool = t.tools[0];
  return `${tool ? `hotend ${tool.actual.toFixed(0)}/${tool.target.toFixed(0)}°C` : ""}${t.bed ? ` bed ${t.bed.actual.toFixed(0)}/${t.bed.target.toFixed(0)}°C` : ""}`;
}

/** The G-code to print: the file itself, or the model sliced into a temporary file. */
async function gcodeToPrint(command: Extract<CliCommand, { kind: "print" }>): Promise<string> {
  if (!existsSync(command.file)) throw new UsageError(`cannot read ${command.file}: no such file`);
  if (!command.slice)
    return readFile(command.file, "utf8").catch((error: Error) => {
      throw new UsageError(`cannot read ${command.file}: ${error.message}`);
    });
  const dir = await mkdtemp(join(tmpdir(), "peerfab-print-"));
  try {
    const result = await sliceForCli(command.file, command.slice, join(dir, `${basename(command.file, extname(command.file))}.gcode`));
    return await readFile(result.gcodePath, "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function slice(command: Extract<CliCommand, { kind: "slice" }>): Promise<void> {
  if (!existsSync(command.model)) throw new UsageError(`cannot read ${command.model}: no such file`);
  const output = command.output ?? join(resolve(command.model, ".."), `${basename(command.model, extname(command.model))}.gcode`);
  await sliceForCli(command.model, command.slice, output);
}

async function print(command: Extract<CliCommand, { kind: "print" }>): Promise<void> {
  const gcode = await gcodeToPrint(command);
  const configured = command.config ? pickPrinterConfig(await loadPrintersFile(command.config), command.port, command.config) : null;
  const refusal = refusalBeforePrinting(gcode, configured ?? virtualPrinterConfig());
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    process.exitCode = 1;
    return;
  }
  const printer = command.virtual
    ? await connectedPrinter(configured ? { ...configured, port: "virtual" } : virtualPrinterConfig(), command.windowMode)
    : command.port
      ? await connectedPrinter(serialPrinterConfig(command.port, command.baud, configured), command.windowMode)
      : await autodetectPrinter(command.baud, command.windowMode, configured);
  const bar = new cliProgress.SingleBar({
    format: "{bar} {percentage}% | {value}/{total} lines | ETA {eta_formatted} | {temps}",
    etaBuffer: 200,
  });
  const result = printer.print(`local-${Date.now()}`, gcode, { fromOwner: true });
  bar.start(printer.job?.linesTotal ?? 0, 0, { temps: "" });
  printer.on("change", () => bar.update(printer.job?.linesDone ?? 0, { temps: formatTemps(printer) }));
  onShutdown(async () => {
    printer.control("cancel");
    await result;
    bar.stop();
    await printer.close();
  });
  const outcome = await result;
  bar.update(outcome.linesDone);
  bar.stop();
  await printer.close();
  process.stdout.write(`${outcome.outcome}${outcome.message ? `: ${outcome.message}` : ""} (${outcome.linesDone} lines)\n`);
  if (outcome.outcome !== "completed") process.exitCode = 1;
}

function serialPrinterConfig(port: string, baud: number | null, configured: PrinterConfig | null = null): PrinterConfig {
  if (configured) return { ...configured, port, ...(baud ? { baud } : {}) };
  return { ...virtualPrinterConfig(), localId: "printer", name: port, port, ...(baud ? { baud } : {}), virtual: undefined };
}

function connectedPrinter(config: PrinterConfig, windowMode: "window" | "one-line"): Promise<AttachedPrinter> {
  return connectReadyPrinter({ ...config, windowMode }, createLogger("warn"));
}

async function autodetectPrinter(baud: number | null, windowMode: "window" | "one-line", configured: PrinterConfig | null): Promise<AttachedPrinter> {
  const { path, printer } = await findPrinter({
    list: () => listPorts(),
    connect: (port) => connectedPrinter(serialPrinterConfig(port, baud, configured), windowMode).catch(() => null),
  });
  process.stderr.write(`printer found on ${path}\n`);
  return printer;
}

async function ports(): Promise<void> {
  const list = await listPorts();
  if (list.length === 0) process.stdout.write("No serial ports found. Is the printer plugged in and powered?\n");
  for (const port of list)
    process.stdout.write(`${port.path}\t${[port.manufacturer, port.vendorId && `${port.vendorId}:${port.productId}`].filter(Boolean).join(" ")}\n`);
}

async function main(): Promise<void> {
  const command = parseCliArguments(process.argv.slice(2));
  if (command.kind === "help") process.stdout.write(`${USAGE}\n`);
  else if (command.kind === "ports") await ports();
  else if (command.kind === "print") await print(command);
  else if (command.kind === "slice") await slice(command);
  else await serve(command);
}

main().catch((error: unknown) => {
  const usage = error instanceof UsageError;
  process.stderr.write(`printer-bridge: ${(error as Error).message}\n${usage ? `\n${USAGE}\n` : ""}`);
  process.exit(usage ? 2 : 1);
});
