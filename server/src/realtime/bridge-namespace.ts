/**
 * The `/bridge` namespace: printer-bridges authenticate with an API token, announce their printers
 * and running jobs (`bridge:hello`), stream status, and report job events.
 */
import {
  type Ack,
  BridgeHelloSchema,
  type BridgeHelloResult,
  describeZodError,
  JobEventSchema,
  PrinterStatusReportSchema,
} from "@peerfab/protocol";
import type { Logger } from "pino";
import type { HubEvents } from "../hub-events.ts";
import type { ApiTokens } from "../services/api-tokens.ts";
import type { JobReports } from "../services/job-reports.ts";
import type { PrinterPresence } from "../services/printer-presence.ts";
import { PrinterOwnershipError } from "../repositories/printers.ts";
import type { BridgeConnections } from "./bridge-connections.ts";
import type { JobDispatcher } from "./job-dispatcher.ts";
import type { BridgeNamespace, BridgeSocket } from "./types.ts";

export interface BridgeNamespaceDeps {
  tokens: ApiTokens;
  events: HubEvents;
  presence: PrinterPresence;
  reports: JobReports;
  connections: BridgeConnections;
  dispatcher: JobDispatcher;
  log: Logger;
}

type Reply<T> = (ack: Ack<T>) => void;

export function serveBridges(nsp: BridgeNamespace, deps: BridgeNamespaceDeps): void {
  const { tokens, events, presence, reports, connections, dispatcher, log } = deps;

  // A revoked token stops working at once: its live bridge connections are closed too.
  events.on("api-token:revoked", ({ tokenId }) => {
    for (const socket of nsp.sockets.values()) {
      if (socket.data.tokenId === tokenId) {
        log.info({ bridgeSocket: socket.id, tokenId }, "closing a bridge connection: its API token was revoked");
        socket.disconnect(true);
      }
    }
  });

  nsp.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === "object" && auth !== null && "token" in auth && typeof auth.token === "string" ? auth.token : "";
    if (!token) {
      next(new Error("PeerFab hub: no API token. Start the bridge with --token-file pointing at your token (the hub writes one to <data dir>/bridge-token)."));
      return;
    }
    tokens.authenticate(token).then(
      (holder) => {
        if (!holder) {
          next(new Error("PeerFab hub: this API token is not valid (revoked, or made by another hub). Make a new one on the hub's API tokens page, or copy the current one from <data dir>/bridge-token."));
          return;
        }
        socket.data.user = holder.user;
        socket.data.tokenId = holder.tokenId;
        socket.data.printers = new Map();
        socket.data.bridgeId = null;
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  });

  nsp.on("connection", (socket: BridgeSocket) => {
    // A child logger per event, not per socket: bridges log a few lines a connection, and a pino
    // child kept for each of 1,000 idle bridges would cost ~0.4 KB apiece.
    const socketLog = (): Logger => log.child({ bridgeSocket: socket.id, userId: socket.data.user.id });
    socketLog().info("bridge connected");

    socket.on("bridge:hello", (raw, ack) => {
      void guarded(ack, socketLog, async (reply: Reply<BridgeHelloResult>) => {
        const parsed = BridgeHelloSchema.safeParse(raw);
        if (!parsed.success) return reply(invalid(describeZodError(parsed.error)));
        const hello = parsed.data;
        let records;
        try {
          records = await presence.register(socket.data.user.id, hello.bridgeId, hello.printers);
        } catch (error) {
          if (error instanceof PrinterOwnershipError) return reply({ ok: false, error: "printer-owned-by-another-user", detail: error.message });
          throw error;
        }
        socket.data.bridgeId = hello.bridgeId;
        socket.data.printers = new Map(records.map((r) => [r.localId, r.id]));
        connections.attach(socket, socket.data.printers.values());
        await reports.reconcile(socket.data.printers, hello.jobs);
        reply({ ok: true, printers: records.map((r) => ({ localId: r.localId, printerId: r.id })) });
        socketLog().info({ bridgeId: hello.bridgeId, printers: records.length, version: hello.version }, "bridge said hello");
        for (const record of records) void dispatcher.dispatchNext(record.id);
      });
    });

    socket.on("printer:status", (raw) => {
      const parsed = PrinterStatusReportSchema.safeParse(raw);
      if (!parsed.success) {
        socketLog().warn({ detail: describeZodError(parsed.error) }, "invalid printer:status ignored");
        return;
      }
      if (!holds(socket, parsed.data.printerId)) {
        socketLog().warn({ printerId: parsed.data.printerId }, "printer:status for a printer this bridge did not announce; ignored");
        return;
      }
      presence.report(parsed.data);
    });

    socket.on("job:event", (raw, ack) => {
      void guarded(ack, socketLog, async (reply: Reply<unknown>) => {
        const parsed = JobEventSchema.safeParse(raw);
        if (!parsed.success) return reply(invalid(describeZodError(parsed.error)));
        if (!holds(socket, parsed.data.printerId)) {
          return reply({
            ok: false,
            error: "unknown-printer",
            detail: `Printer '${parsed.data.printerId}' was not announced by this bridge; send bridge:hello first.`,
          });
        }
        reply(await reports.applyEvent(parsed.data));
      });
    });

    socket.on("disconnect", (reason) => {
      socketLog().info({ reason }, "bridge disconnected");
      const released = connections.detach(socket);
      presence.markOffline(released).catch((error: unknown) => socketLog().debug({ err: error }, "could not mark printers offline"));
    });
  });
}

/** Whether the bridge announced this printer (runs for every status report: no copies). */
function holds(socket: BridgeSocket, printerId: string): boolean {
  for (const id of socket.data.printers.values()) if (id === printerId) return true;
  return false;
}

function invalid(detail: string): Ack<never> {
  return { ok: false, error: "invalid-payload", detail };
}

/** Runs a handler with an ack: a missing ack is tolerated, an exception becomes an error ack. */
async function guarded<T>(ack: unknown, log: () => Logger, handler: (reply: Reply<T>) => Promise<void>): Promise<void> {
  const reply: Reply<T> = typeof ack === "function" ? (ack as Reply<T>) : () => undefined;
  try {
    await handler(reply);
  } catch (error) {
    log().error({ err: error }, "bridge event handler failed");
    reply({ ok: false, error: "internal", detail: "The hub failed to process this event; it is safe to resend it." });
  }
}
