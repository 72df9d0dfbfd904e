/**
 * Finding the printer when no port is given: rank the serial ports the operating system lists
 * (USB CDC-ACM and USB-serial adapters first, built-in UARTs never), then probe each candidate
 * with the real handshake (`M110 N0`, `M115`, 250000 then 115200 baud) and take the first that
 * answers like a printer. What OctoPrint's "AUTO" port does.
 */
import type { PortInfo } from "@serialport/bindings-interface";

/** Ports worth probing, most likely first. Built-in UARTs (`ttyS*`) and Bluetooth are left out. */
export function candidatePorts(ports: readonly PortInfo[]): string[] {
  const rank = (port: PortInfo): number => {
    const name = port.path.split("/").pop() ?? port.path;
    if (/^(ttyS\d|ttyAMA\d|rfcomm|cu\.Bluetooth|tty\.Bluetooth)/.test(name)) return -1;
    if (/^ttyACM\d/.test(name) || /usbmodem/.test(name)) return 3; // CDC-ACM: Marlin on 32-bit boards, Prusa, Klipper's host link
    if (/^ttyUSB\d/.test(name) || /usbserial/.test(name)) return 2; // CH340 / FTDI adapters on 8-bit boards
    if (port.vendorId) return 1; // some other USB device
    return /^COM\d+$/i.test(name) ? 1 : -1;
  };
  return ports
    .map((port) => ({ path: port.path, rank: rank(port) }))
    .filter((c) => c.rank >= 0)
    .sort((a, b) => b.rank - a.rank || a.path.localeCompare(b.path))
    .map((c) => c.path);
}

export interface PortDiscovery<Printer> {
  list(): Promise<PortInfo[]>;
  /** Opens the port and handshakes: the connected printer, or null (and the port closed) when nothing answered. */
  connect(path: string): Promise<Printer | null>;
}

/**
 * The printer on the first candidate port that answers, still connected, or an error that says
 * what was tried and what to do.
 */
export async function findPrinter<Printer>(discovery: PortDiscovery<Printer>): Promise<{ path: string; printer: Printer }> {
  const listed = await discovery.list();
  const candidates = candidatePorts(listed);
  if (candidates.length === 0) {
    const seen = listed.map((p) => p.path).join(", ") || "none";
    throw new Error(
      `No USB serial port found (ports seen: ${seen}). Plug the printer in and switch it on, or give the port with --port.`,
    );
  }
  for (const path of candidates) {
    const printer = await discovery.connect(path);
    if (printer !== null) return { path, printer };
  }
  throw new Error(
    `No printer answered on ${candidates.join(", ")}. Check that the printer is on and no other program holds the port, or give --port and --baud.`,
  );
}
