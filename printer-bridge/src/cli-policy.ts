/**
 * The `print` command's safety check: which printers.json entry describes the printer (build
 * volume, safety policy), and the file checked against that policy before the printer is even
 * opened. It is the owner printing, so only the temperature and build-volume rules apply.
 */
import type { PrinterConfig } from "./config.ts";
import { UsageError } from "./cli-arguments.ts";
import { jobLines } from "./safety/job-lines.ts";
import { firstViolation } from "./safety/safety-check.ts";
import { resolveSafetyPolicy } from "./safety/safety-policy.ts";

/** The entry for `port`, or the only entry when no port is given. */
export function pickPrinterConfig(configs: readonly PrinterConfig[], port: string | null, file: string): PrinterConfig {
  if (port !== null) {
    const entry = configs.find((c) => c.port === port);
    if (!entry) throw new UsageError(`${file} has no printer on ${port}; its ports are ${configs.map((c) => c.port).join(", ") || "none"}`);
    return entry;
  }
  const [only, ...others] = configs;
  if (!only || others.length > 0) throw new UsageError(`${file} lists ${configs.length} printers: choose one with --port`);
  return only;
}

/** What to tell the owner when the policy refuses the file; null when it may be printed. */
export function refusalBeforePrinting(gcode: string, config: PrinterConfig): string | null {
  const policy = resolveSafetyPolicy(config.buildVolume, config.safety);
  const violation = firstViolation(policy, { fromOwner: true }, jobLines(gcode));
  if (!violation) return null;
  const { x, y, z } = config.buildVolume;
  return `refused by the safety policy of ${config.name} (build volume ${x} x ${y} x ${z} mm); nothing was sent to the printer: ${violation.message}.`;
}
