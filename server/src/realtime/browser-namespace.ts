/**
 * The default namespace: browsers (and scripts) watching live. The handshake says who is watching
 * (session cookie, `auth: { token }`, or the trusted local computer); each signed-in socket joins
 * its user's room. Printer presence and telemetry go only to the printer's owner and the maker of
 * the job it prints; job updates to the job's maker and printer owner; new designs to everyone.
 */
import type { HubToBrowserEvents, Printer } from "@peerfab/protocol";
import type { Logger } from "pino";
import type { CallerResolver } from "../auth/caller-resolver.ts";
import type { HubEvents } from "../hub-events.ts";
import type { JobQueue } from "../services/job-queue.ts";
import type { PrinterPresence } from "../services/printer-presence.ts";
import type { PrinterWatchers } from "../services/printer-watchers.ts";
import type { BrowserServer, BrowserSocket } from "./types.ts";

export interface BrowserNamespaceDeps {
  events: HubEvents;
  presence: PrinterPresence;
  watchers: PrinterWatchers;
  queue: JobQueue;
  callers: CallerResolver;
  log: Logger;
}

const userRoom = (userId: string) => `user:${userId}`;

export function serveBrowsers(io: BrowserServer, deps: BrowserNamespaceDeps): void {
  const { events, presence, watchers, queue, callers, log } = deps;
  /**
   * Emits to these users' sockets only (socket.io's `to([])` would mean everyone). Users with no
   * browser open are skipped before socket.io encodes anything: most printers report every 2 s
   * while nobody watches, and encoding and broadcasting to empty rooms was ~40% of what the hub
   * allocated per status report. (The hub runs socket.io's in-memory adapter, so its rooms are all
   * the sockets there are.)
   */
  const toUsers = <E extends keyof HubToBrowserEvents>(userIds: (string | undefined)[], event: E, ...args: Parameters<HubToBrowserEvents[E]>) => {
    const rooms = io.sockets.adapter.rooms;
    const watching: string[] = [];
    for (const id of userIds) {
      if (id === undefined) continue;
      const room = userRoom(id);
      if (rooms.has(room) && !watching.includes(room)) watching.push(room);
    }
    if (watching.length > 0) io.to(watching).emit(event, ...args);
  };

  events.on("printer:status", (status) => toUsers(watchers.watchersOf(status.printerId), "printer:status", status));
  events.on("printer:updated", (printer) => toUsers(watchers.watchersOf(printer.id), "printer:updated", printer));
  events.on("job:updated", (job) => toUsers([job.makerId, job.shopId ?? undefined, job.printerId ? presence.ownerOf(job.printerId) : undefined], "job:updated", job));
  events.on("design:created", (design) => io.emit("design:created", design));
  // Marketplace: an open job goes to the owners of the shops that can make it.
  events.on("job:offered", ({ job, shops }) => {
    for (const { shopId, printerIds } of shops) {
      toUsers([shopId], "job:offered", {
        jobId: job.id,
        designId: job.designId,
        designTitle: job.designTitle,
        license: "",
        material: job.material,
        colour: job.colour ?? null,
        quantity: job.quantity,
        notes: job.notes ?? null,
        size: null,
        hasGcode: job.gcodeFileId !== null,
        printerIds,
        state: job.state,
        quoted: false,
        createdAt: job.createdAt,
      });
    }
  });
  // A job the shops were offered was cancelled or taken: their boards drop it (the id and state only).
  events.on("job:withdrawn", ({ job, shopIds }) => toUsers(shopIds, "job:withdrawn", { jobId: job.id, state: job.state }));
  events.on("session:ended", ({ sessionIdHash }) => disconnectWhere(io, (s) => s.data.caller?.sessionIdHash === sessionIdHash));
  events.on("api-token:revoked", ({ tokenId }) => disconnectWhere(io, (s) => s.data.caller?.tokenId === tokenId));

  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === "object" && auth !== null && "token" in auth && typeof auth.token === "string" ? auth.token : undefined;
    callers
      .resolve({ bearerToken: token, cookieHeader: socket.handshake.headers.cookie, remoteAddress: socket.handshake.address, host: socket.handshake.headers.host })
      .then((resolution) => {
        if (resolution.kind === "invalid-token") return next(new Error("PeerFab hub: this API token is not valid (revoked, or made by another hub)."));
        socket.data.caller = resolution.kind === "caller" ? resolution.caller : null;
        next();
      }, (error: unknown) => next(error instanceof Error ? error : new Error(String(error))));
  });

  io.on("connection", (socket) => {
    const caller = socket.data.caller;
    if (caller) void socket.join(userRoom(caller.user.id));

    socket.on("dashboard:sync", (ack) => {
      if (typeof ack !== "function") return;
      if (!caller) {
        ack({ printers: [], jobs: [] });
        return;
      }
      Promise.all([visiblePrinters(caller.user.id), queue.listFor(caller.user, { activeOnly: true })]).then(
        ([printers, jobs]) => ack({ printers, jobs }),
        (error: unknown) => log.error({ err: error }, "dashboard:sync failed"),
      );
    });
  });

  async function visiblePrinters(userId: string): Promise<Printer[]> {
    const mine = await presence.listOwnedBy(userId);
    const watched = await Promise.all(watchers.printingFor(userId).map((id) => presence.get(id)));
    return [...mine, ...watched.filter((p): p is Printer => p !== undefined)];
  }
}

function disconnectWhere(io: BrowserServer, match: (socket: BrowserSocket) => boolean): void {
  for (const socket of io.sockets.sockets.values()) if (match(socket)) socket.disconnect(true);
}
