import type { BridgeToHubEvents, BrowserToHubEvents, HubToBridgeEvents, HubToBrowserEvents } from "@peerfab/protocol";
import type { Namespace, Server, Socket } from "socket.io";
import type { User } from "../repositories/users.ts";

export interface BridgeSocketData {
  user: User;
  /** The bridge's local printer ids → hub printer ids, set by `bridge:hello`. */
  printers: Map<string, string>;
  bridgeId: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events yet
type NoInterServerEvents = {};

export type BrowserServer = Server<BrowserToHubEvents, HubToBrowserEvents, NoInterServerEvents, Record<string, never>>;
export type BridgeNamespace = Namespace<BridgeToHubEvents, HubToBridgeEvents, NoInterServerEvents, BridgeSocketData>;
export type BridgeSocket = Socket<BridgeToHubEvents, HubToBridgeEvents, NoInterServerEvents, BridgeSocketData>;
