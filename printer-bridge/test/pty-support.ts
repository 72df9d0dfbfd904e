/** The real serial stack over a socat pty, shared by the pty test files. */
import type { PrinterConfig } from "../src/config.ts";
import { openSerialLine } from "../src/serial/serial-port.ts";
import { PrinterConnection, type PrinterConnectionOptions } from "../src/printer/printer-connection.ts";
import { startVirtualPty, type VirtualPty } from "../src/virtual/pty.ts";
import type { VirtualMarlinOptions } from "../src/virtual/virtual-marlin.ts";

export interface PtySession {
  connection: PrinterConnection;
  pty: VirtualPty;
  close(): Promise<void>;
}

export async function connectOverPty(printer: VirtualMarlinOptions, options: PrinterConnectionOptions = {}): Promise<PtySession> {
  const pty = await startVirtualPty(printer);
  const line = await openSerialLine({ path: pty.hostPath, baudRate: 250000 });
  const connection = new PrinterConnection(line, options);
  await connection.handshake();
  return {
    connection,
    pty,
    async close() {
      await connection.close();
      await pty.close();
    },
  };
}

/** Resolves once `probe` holds, polling every 20 ms; rejects after `seconds`. */
export async function until(what: string, probe: () => boolean, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 50; i++) {
    if (probe()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** printers.json entry for a printer on a pty. */
export function ptyPrinterConfig(localId: string, port: string): PrinterConfig {
  return {
    localId,
    name: `Pty printer ${localId}`,
    port,
    baud: 250000,
    buildVolume: { x: 220, y: 220, z: 250 },
    nozzleDiameter: 0.4,
    materials: ["PLA"],
    acceptsRemoteJobs: false,
  };
}
