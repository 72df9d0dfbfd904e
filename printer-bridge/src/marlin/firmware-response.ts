/**
 * One line printed by Marlin-style firmware, classified. Covers the responses documented in
 * Marlin's `queue.cpp` / `M115.cpp` / `temperature.cpp` and https://reprap.org/wiki/G-code#Replies_from_the_RepRap_machine_to_the_host_computer.
 * Pure: `parseFirmwareLine(line)` never throws.
 */
import type { Temperatures } from "@peerfab/protocol";
import { parseTemperatures } from "./temperatures.ts";

export type FirmwareResponse =
  | {
      kind: "ok";
      /** ADVANCED_OK: last line number the firmware accepted. */
      lineNumber: number | null;
      /** ADVANCED_OK: free planner blocks. */
      plannerFree: number | null;
      /** ADVANCED_OK: free command buffer slots. */
      bufferFree: number | null;
      temperatures: Temperatures | null;
      /** Klipper answers M115 on the ok line itself: `ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:…`. */
      firmwareInfo: Record<string, string> | null;
    }
  | { kind: "resend"; lineNumber: number }
  | { kind: "busy"; reason: string }
  | { kind: "wait" }
  | { kind: "echo"; text: string }
  | { kind: "action"; action: string; argument: string }
  | { kind: "error"; severity: "recoverable" | "fatal"; message: string }
  | { kind: "start" }
  | { kind: "temperatures"; temperatures: Temperatures }
  | { kind: "firmware-info"; firmwareName: string; fields: Record<string, string> }
  | { kind: "capability"; name: string; enabled: boolean }
  | { kind: "other"; text: string };

const FATAL = /halted|kill\(\) called|thermal runaway|mintemp|maxtemp|heating failed|system stopped|shutdown|lost communication with mcu/i;

function optionalInt(text: string, key: string): number | null {
  const match = new RegExp(`(?:^|\\s)${key}(\\d+)`).exec(text);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
}

/** `FIRMWARE_NAME:Marlin 2.1.2 (Github) SOURCE_CODE_URL:… PROTOCOL_VERSION:1.0 …` → fields. */
export function parseFirmwareInfo(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const keys = [...line.matchAll(/(?:^|\s)([A-Z][A-Z0-9_]+):/g)];
  keys.forEach((match, i) => {
    const key = match[1];
    if (key === undefined) return;
    const start = match.index + match[0].length;
    const end = keys[i + 1]?.index ?? line.length;
    fields[key] = line.slice(start, end).trim();
  });
  return fields;
}

export function parseFirmwareLine(raw: string): FirmwareResponse {
  const line = raw.trim();
  if (line === "ok" || line.startsWith("ok ") || line.startsWith("ok\t")) {
    const rest = line.slice(2);
    const info = rest.includes("FIRMWARE_NAME:") ? parseFirmwareInfo(rest.slice(rest.indexOf("FIRMWARE_NAME:"))) : null;
    return {
      kind: "ok",
      lineNumber: optionalInt(rest, "N"),
      plannerFree: optionalInt(rest, "P"),
      bufferFree: optionalInt(rest, "B"),
      temperatures: info ? null : parseTemperatures(rest),
      firmwareInfo: info,
    };
  }
  const resend = /^(?:resend|rs)\s*:?\s*N?(\d+)/i.exec(line);
  if (resend?.[1] !== undefined) return { kind: "resend", lineNumber: Number.parseInt(resend[1], 10) };
  if (line === "start") return { kind: "start" };
  if (line === "wait") return { kind: "wait" };
  const busy = /^(?:echo:)?busy:\s*(.*)$/.exec(line);
  if (busy) return { kind: "busy", reason: (busy[1] ?? "").trim() };
  // Marlin writes `//action:pause`, Prusa-Firmware `// action:pause`.
  const action = /^\/\/\s*action:(.*)$/.exec(line);
  if (action) {
    const body = (action[1] ?? "").trim();
    const space = body.indexOf(" ");
    return space < 0
      ? { kind: "action", action: body, argument: "" }
      : { kind: "action", action: body.slice(0, space), argument: body.slice(space + 1).trim() };
  }
  const error = /^(?:error|!!)\s*:?\s*(.*)$/i.exec(line);
  if (error) {
    const message = (error[1] ?? "").trim();
    return { kind: "error", severity: FATAL.test(message) ? "fatal" : "recoverable", message };
  }
  if (line.startsWith("FIRMWARE_NAME:")) {
    const fields = parseFirmwareInfo(line);
    return { kind: "firmware-info", firmwareName: fields["FIRMWARE_NAME"] ?? "", fields };
  }
  const cap = /^Cap:([A-Z0-9_]+):([01])$/.exec(line);
  if (cap?.[1] !== undefined) return { kind: "capability", name: cap[1], enabled: cap[2] === "1" };
  if (line.startsWith("echo:")) return { kind: "echo", text: line.slice(5).trim() };
  // Klipper's informational lines: `// Klipper state: Ready`.
  if (line.startsWith("//")) return { kind: "echo", text: line.slice(2).trim() };
  const temperatures = /^(T\d*|B):/.test(line) ? parseTemperatures(line) : null;
  if (temperatures) return { kind: "temperatures", temperatures };
  return { kind: "other", text: line };
}
