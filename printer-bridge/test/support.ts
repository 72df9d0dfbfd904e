/** Shared by the streaming tests: a generated G-code program and a connected printer. */
import { openSerialLine } from "../src/serial/serial-port.ts";
import { PrinterConnection, type PrinterConnectionOptions } from "../src/printer/printer-connection.ts";
import { virtualBinding } from "../src/virtual/virtual-binding.ts";
import { VirtualMarlin, type VirtualMarlinOptions } from "../src/virtual/virtual-marlin.ts";

/** A plausible G-code program of `count` commands (heating, homing, moves of varied length). */
export function generatedProgram(count: number): string[] {
  const commands = ["M140 S60", "M104 S210", "G28", "M190 S60", "M109 S210", "G92 E0"];
  for (let i = commands.length; i < count; i++) {
    const x = (100 + 40 * Math.sin(i / 50)).toFixed(3);
    const y = (100 + 40 * Math.cos(i / 50)).toFixed(3);
    commands.push(i % 97 === 0 ? `G1 Z${(0.2 + i / 5000).toFixed(2)} F600` : `G1 X${x} Y${y} E${(i * 0.0314).toFixed(5)}`);
  }
  return commands.slice(0, count);
}

export async function connectVirtual(
  printerOptions: VirtualMarlinOptions = {},
  connectionOptions: PrinterConnectionOptions = {},
): Promise<{ connection: PrinterConnection; printer: () => VirtualMarlin }> {
  let printer: VirtualMarlin | null = null;
  const binding = virtualBinding(() => (printer = new VirtualMarlin(printerOptions)));
  const line = await openSerialLine({ path: "virtual", baudRate: 250000, binding });
  const connection = new PrinterConnection(line, connectionOptions);
  await connection.handshake();
  return {
    connection,
    printer: () => {
      if (!printer) throw new Error("virtual printer not created");
      return printer;
    },
  };
}
