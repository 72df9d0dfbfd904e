/** The default namespace: browsers get live printers, jobs and designs, and a snapshot on demand. */
import type { Logger } from "pino";
import type { HubEvents } from "../hub-events.ts";
import type { JobQueue } from "../services/job-queue.ts";
import type { PrinterPresence } from "../services/printer-presence.ts";
import type { BrowserServer } from "./types.ts";

export function serveBrowsers(io: BrowserServer, deps: { events: HubEvents; presence: PrinterPresence; queue: JobQueue; log: Logger }): void {
  const { events, presence, queue, log } = deps;
  events.on("printer:status", (status) => io.emit("printer:status", status));
  events.on("printer:updated", (printer) => io.emit("printer:updated", printer));
  events.on("job:updated", (job) => io.emit("job:updated", job));
  events.on("design:created", (design) => io.emit("design:created", design));

  io.on("connection", (socket) => {
    socket.on("dashboard:sync", (ack) => {
      if (typeof ack !== "function") return;
      Promise.all([presence.list(), queue.listActive()]).then(
        ([printers, jobs]) => ack({ printers, jobs }),
        (error: unknown) => log.error({ err: error }, "dashboard:sync failed"),
      );
    });
  });
}
