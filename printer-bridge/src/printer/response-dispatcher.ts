/**
 * What each line the firmware prints means to a connection: one handler per kind of response
 * (parsed by firmware-response.ts), and whether the line shows the firmware is working on the
 * commands in flight, which pushes the communication timeout back. Periodic reports
 * (autoreported temperatures, positions, fans) do not, so a lost `ok` is found even while they
 * keep arriving — except while a heat-and-wait or homing runs: the `W:` of Marlin's and Prusa's
 * heat-and-wait reports, or a long command in flight, says one does.
 */
import type { Temperatures } from "@peerfab/protocol";
import type { FirmwareResponse } from "../marlin/firmware-response.ts";
import { isLongCommand } from "./command-timeout.ts";

export type OkResponse = Extract<FirmwareResponse, { kind: "ok" }>;

export interface ResponseHandlers {
  ok(response: OkResponse): void;
  resend(lineNumber: number): void;
  temperatures(temperatures: Temperatures): void;
  firmwareInfo(fields: Record<string, string>): void;
  capability(name: string, enabled: boolean): void;
  error(severity: "recoverable" | "fatal", message: string, text: string): void;
  /** The firmware printed `start`: it has just booted (reset). */
  restarted(): void;
  /** `//action:<action> <argument>` (host action commands). */
  action(action: string, argument: string): void;
  /** `busy:` (Marlin HOST_KEEPALIVE). */
  busy(): void;
  /** Anything else worth a debug log (`echo:`, `wait`, unknown lines). */
  chatter(text: string): void;
}

const HEATING_REPORT = /\sW:/;

export function dispatchResponse(response: FirmwareResponse, text: string, handlers: ResponseHandlers): void {
  switch (response.kind) {
    case "ok":
      return handlers.ok(response);
    case "resend":
      return handlers.resend(response.lineNumber);
    case "temperatures":
      return handlers.temperatures(response.temperatures);
    case "firmware-info":
      return handlers.firmwareInfo(response.fields);
    case "capability":
      return handlers.capability(response.name, response.enabled);
    case "error":
      return handlers.error(response.severity, response.message, text);
    case "start":
      return handlers.restarted();
    case "action":
      return handlers.action(response.action, response.argument);
    case "busy":
      return handlers.busy();
    case "wait":
    case "echo":
    case "other":
      return handlers.chatter(text);
  }
}

/** Whether `response` shows the firmware is alive and working on `inFlight` (see the header). */
export function showsFirmwareAtWork(response: FirmwareResponse, text: string, inFlight: readonly { command: string }[]): boolean {
  const periodic = response.kind === "temperatures" || response.kind === "other";
  return !periodic || HEATING_REPORT.test(text) || inFlight.some((c) => isLongCommand(c.command));
}
