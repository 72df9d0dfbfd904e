/**
 * The benchmark's printer: a VirtualMarlin on a socat pty in its own process, so the bridge
 * being measured does not share an event loop with the simulated firmware (a real printer is a
 * separate microcontroller). Talks to the benchmark over the IPC channel:
 *   → { hostPath } once the pty is up
 *   ← "report"   → { accepted, acceptedSha256, rxOverflowBytes }
 *   ← "close"    → exits after closing the pty
 */
import { startVirtualPty } from "../src/virtual/pty.ts";
import type { VirtualMarlinOptions } from "../src/virtual/virtual-marlin.ts";
import { commandsDigest, type PrinterReport } from "./figures.ts";

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error("virtual-printer-process.ts is started by bench/serial.ts (it needs an IPC channel).");
  const options = JSON.parse(process.argv[2] ?? "{}") as VirtualMarlinOptions;
  const pty = await startVirtualPty(options);
  process.on("message", (message: unknown) => {
    if (message === "report") {
      const report: PrinterReport = {
        accepted: pty.printer.accepted.length,
        acceptedSha256: commandsDigest(pty.printer.accepted),
        rxOverflowBytes: pty.printer.rxOverflowBytes,
      };
      send(report);
    } else if (message === "close") {
      void pty.close().then(() => process.exit(0));
    }
  });
  process.on("disconnect", () => void pty.close().then(() => process.exit(0)));
  send({ hostPath: pty.hostPath });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
