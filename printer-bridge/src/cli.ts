/** printer-bridge command line: service mode, standalone print, port list. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import cliProgress from "cli-progress";
import { startBridge } from "./bridge.ts";
import { type CliCommand, parseCliArguments, USAGE, UsageError } from "./cli-arguments.ts";
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

async function print(command: Extract<CliCommand, { kind: "print" }>): Promise<void> {
  const gcode = await readFile(command.file, "utf8").catch((error: Error) => {
    throw new UsageError(`cannot read ${command.file}: ${error.message}`);
  });
  const printer = command.virtual
    ? await connectedPrinter(virtualPrinterConfig(), command.windowMode)
    : command.port
      ? await connectedPrinter(serialPrinterConfig(command.port, command.baud), command.windowMode)
      : await autodetectPrinter(command.baud, command.windowMode);
  const bar = new cliProgress.SingleBar({
    format: "{bar} {percentage}% | {value}/{total} lines | ETA {eta_formatted} | {temps}",
    etaBuffer: 200,
  });
  const result = printer.print(`local-${Date.now()}`, gcode);
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

function serialPrinterConfig(port: string, baud: number | null): PrinterConfig {
  return { ...virtualPrinterConfig(), localId: "printer", name: port, port, ...(baud ? { baud } : {}), virtual: undefined };
}

function connectedPrinter(config: PrinterConfig, windowMode: "window" | "one-line"): Promise<AttachedPrinter> {
  return connectReadyPrinter({ ...config, windowMode }, createLogger("warn"));
}

async function autodetectPrinter(baud: number | null, windowMode: "window" | "one-line"): Promise<AttachedPrinter> {
  const { path, printer } = await findPrinter({
    list: () => listPorts(),
    connect: (port) => connectedPrinter(serialPrinterConfig(port, baud), windowMode).catch(() => null),
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
  else await serve(command);
}

main().catch((error: unknown) => {
  const usage = error instanceof UsageError;
  process.stderr.write(`printer-bridge: ${(error as Error).message}\n${usage ? `\n${USAGE}\n` : ""}`);
  process.exit(usage ? 2 : 1);
});
