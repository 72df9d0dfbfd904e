/** The bridge's logger: pino, behind this module. Tests use `silentLogger`. */
import { pino } from "pino";

export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export function createLogger(level = process.env["LOG_LEVEL"] ?? "info"): Logger {
  return pino({ level, base: { service: "printer-bridge" } });
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
