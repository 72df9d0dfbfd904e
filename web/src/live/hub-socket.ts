/**
 * The one socket.io connection to the hub, typed by the protocol's event maps. Opened lazily
 * on first use and kept for the whole session; socket.io reconnects on its own.
 */
import type { BrowserToHubEvents, HubToBrowserEvents } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";

export type HubSocket = Socket<HubToBrowserEvents, BrowserToHubEvents>;

let socket: HubSocket | null = null;

export function hubSocket(): HubSocket {
  socket ??= io({ path: "/socket.io", reconnectionDelayMax: 5_000 });
  return socket;
}
