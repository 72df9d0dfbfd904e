import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../src/log.ts";
import { type AttachedPrinter, connectReadyPrinter } from "../src/printer/attached-printer.ts";
import { candidatePorts, findPrinter } from "../src/serial/port-discovery.ts";
import { startVirtualPty, type VirtualPty } from "../src/virtual/pty.ts";
import { ptyPrinterConfig } from "./pty-support.ts";

describe("candidate ports", () => {
  it("probes CDC-ACM boards first, then USB-serial adapters, then other USB devices, never built-in UARTs", () => {
    const listed = [
      { path: "/dev/ttyS0" },
      { path: "/dev/ttyUSB0", vendorId: "1a86" },
      { path: "/dev/ttyAMA0" },
      { path: "/dev/ttyACM0", vendorId: "2c99" },
      { path: "/dev/rfcomm0" },
      { path: "/dev/serial-gadget", vendorId: "0483" },
    ].map((p) => ({ manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined, ...p }));
    expect(candidatePorts(listed)).toEqual(["/dev/ttyACM0", "/dev/ttyUSB0", "/dev/serial-gadget"]);
  });

  it("says what it saw and what to do when there is nothing to probe", async () => {
    await expect(
      findPrinter({ list: async () => [{ path: "/dev/ttyS0", manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined }], connect: async () => null }),
    ).rejects.toThrow("No USB serial port found (ports seen: /dev/ttyS0). Plug the printer in and switch it on, or give the port with --port.");
  });
});

describe("finding the printer over a real pty", () => {
  let pty: VirtualPty;
  const opened: AttachedPrinter[] = [];

  beforeAll(async () => {
    pty = await startVirtualPty({});
  });

  afterAll(async () => {
    for (const printer of opened) await printer.close();
    await pty.close();
  });

  it("skips a port where nothing answers and connects to the one with a printer", async () => {
    const missing = `${pty.hostPath}-missing`;
    const tried: string[] = [];
    const found = await findPrinter({
      // The pty is listed like a USB device; a dead ttyUSB-looking port ranks ahead of it.
      list: async () => [
        { path: pty.hostPath, vendorId: "1a86", manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined },
        { path: "/dev/ttyUSB99", vendorId: "0403", manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined },
        { path: missing, manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined },
      ],
      connect: async (path) => {
        tried.push(path);
        const printer = await connectReadyPrinter(ptyPrinterConfig("auto", path), silentLogger).catch(() => null);
        if (printer) opened.push(printer);
        return printer;
      },
    });
    expect(tried).toEqual(["/dev/ttyUSB99", pty.hostPath]);
    expect(found.path).toBe(pty.hostPath);
    expect(found.printer.state).toBe("idle");
    expect(found.printer.capabilities().firmware).toMatch(/Marlin/);
  }, 60_000);
});
