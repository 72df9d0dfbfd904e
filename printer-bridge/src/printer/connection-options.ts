/** What a PrinterConnection can be told (printers.json feeds most of it) and the events it emits. */
import type { PrinterState, Temperatures } from "@peerfab/protocol";
import type { WindowMode } from "../marlin/send-window.ts";
import type { Logger } from "../log.ts";
import type { CommunicationTimeouts } from "./command-timeout.ts";

export interface PrinterConnectionOptions {
  /** Firmware receive buffer in bytes. Default 128. */
  rxBufferSize?: number;
  windowMode?: WindowMode;
  timeouts?: Partial<CommunicationTimeouts>;
  /** How long to wait for the firmware to answer the handshake. Default 10 s. */
  handshakeMs?: number;
  /** Temperature poll / autoreport interval in seconds. Default 2. */
  temperatureIntervalSeconds?: number;
  /** Sent when a job pauses (e.g. `G91`, `G1 Z5`, `G90`, `G1 X0 Y200`). Default none: just stop feeding. */
  pauseScript?: readonly string[];
  /** Sent when a job is cancelled. Default END_SCRIPT. */
  endScript?: readonly string[];
  logger?: Logger;
}

export interface PrinterConnectionEvents {
  [event: string]: (...args: never[]) => void;
  temperatures: (temperatures: Temperatures) => void;
  progress: (progress: { linesDone: number; linesTotal: number }) => void;
  state: (state: PrinterState, message: string | null) => void;
}
