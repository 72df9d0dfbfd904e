/**
 * The benchmark's arithmetic and its table, as pure functions: bytes a command occupies on the
 * wire, the wire limit in lines per second, and the PASS/MISS verdicts against issue #3's targets.
 */
import { createHash } from "node:crypto";
import { numberedLine } from "../src/marlin/line-codec.ts";
import type { WindowMode } from "../src/marlin/send-window.ts";
import { wireBytesPerSecond } from "../src/virtual/serial-wire.ts";

/** What the printer process reports after a run. */
export interface PrinterReport {
  accepted: number;
  acceptedSha256: string;
  rxOverflowBytes: number;
}

export interface RunResult {
  baud: number;
  mode: WindowMode;
  lines: number;
  seconds: number;
  meanBytesPerLine: number;
  /** The printer accepted exactly the file's commands, in order, with no receive-buffer overflow. */
  intact: boolean;
}

/** Window mode should reach this share of the wire limit… */
export const WIRE_TARGET = 0.9;
/** …and this multiple of one-line mode. */
export const SPEEDUP_TARGET = 2;

/** sha256 of commands each followed by a newline: compares what the printer accepted with the file. */
export function commandsDigest(commands: readonly string[]): string {
  const hash = createHash("sha256");
  for (const command of commands) hash.update(`${command}\n`);
  return hash.digest("hex");
}

/** Mean bytes per command as sent: `N<n> <command>*<checksum>\n`, numbered from 1 like a job. */
export function meanWireBytes(commands: readonly string[]): number {
  if (commands.length === 0) return 0;
  let total = 0;
  commands.forEach((command, index) => (total += numberedLine(index + 1, command).length + 1));
  return total / commands.length;
}

/** Lines per second a saturated wire carries at `baud` (8N1) for lines of `meanBytes`. */
export function wireLimitLinesPerSecond(baud: number, meanBytes: number): number {
  return wireBytesPerSecond(baud) / meanBytes;
}

function linesPerSecond(run: RunResult): number {
  return run.lines / run.seconds;
}

function verdict(pass: boolean): string {
  return pass ? "PASS" : "MISS";
}

/** The results table followed by one verdict line per target and baud rate. */
export function formatResults(runs: readonly RunResult[]): string {
  const header = ["baud", "mode", "lines", "seconds", "lines/s", "bytes/line", "wire limit lines/s", "of wire limit", "window/one-line", "intact"];
  const rows = runs.map((run) => {
    const rate = linesPerSecond(run);
    const limit = wireLimitLinesPerSecond(run.baud, run.meanBytesPerLine);
    const oneLine = runs.find((r) => r.baud === run.baud && r.mode === "one-line");
    const speedup = run.mode === "window" && oneLine ? `${(rate / linesPerSecond(oneLine)).toFixed(2)}×` : "";
    return [
      String(run.baud),
      run.mode,
      String(run.lines),
      run.seconds.toFixed(2),
      rate.toFixed(0),
      run.meanBytesPerLine.toFixed(2),
      limit.toFixed(0),
      `${((rate / limit) * 100).toFixed(1)}%`,
      speedup,
      run.intact ? "yes" : "NO",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const table = [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)];
  const verdicts: string[] = [];
  for (const baud of [...new Set(runs.map((r) => r.baud))]) {
    const window = runs.find((r) => r.baud === baud && r.mode === "window");
    const oneLine = runs.find((r) => r.baud === baud && r.mode === "one-line");
    if (!window) continue;
    const share = linesPerSecond(window) / wireLimitLinesPerSecond(baud, window.meanBytesPerLine);
    verdicts.push(`${verdict(share >= WIRE_TARGET)}  ${baud} baud: window mode at ${(share * 100).toFixed(1)}% of the wire limit (target ≥ ${WIRE_TARGET * 100}%)`);
    if (oneLine) {
      const speedup = linesPerSecond(window) / linesPerSecond(oneLine);
      verdicts.push(`${verdict(speedup >= SPEEDUP_TARGET)}  ${baud} baud: window mode ${speedup.toFixed(2)}× one-line mode (target ≥ ${SPEEDUP_TARGET}×)`);
    }
    if (!window.intact || (oneLine && !oneLine.intact))
      verdicts.push(`MISS  ${baud} baud: the printer did not receive the file intact (see "intact")`);
  }
  return [...table, "", ...verdicts].join("\n");
}
