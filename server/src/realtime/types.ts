import type { BridgeToHubEvents, BrowserToHubEvents, HubToBridgeEvents, HubToBrowserEvents } from "@peerfab/protocol";
import type { Namespace, Server, Socket } from "socket.io";
import type { Caller } from "../auth/caller-resolver.ts";
import type { User } from "../repositories/users.ts";

export interface BridgeSocketData {
  user: User;
  /** The API token the bridge authenticated with: revoking it closes this socket. */
  tokenId: string;
  /** The bridge's local printer ids → hub printer ids, set by `bridge:hello`. */
  printers: Map<string, string>;
  bridgeId: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events yet
type NoInterServerEvents = {};

/** A browser socket's caller, from the handshake; null for anonymous sockets (designs only). */
export interface BrowserSocketData {
  caller: Caller | null;
}

export type BrowserServer = Server<BrowserToHubEvents, HubToBrowserEvents, NoInterServerEvents, BrowserSocketData>;
export type BrowserSocket = Socket<BrowserToHubEvents, HubToBrowserEvents, NoInterServerEvents, BrowserSocketData>;
export type BridgeNamespace = Namespace<BridgeToHubEvents, HubToBridgeEvents, NoInterServerEvents, BridgeSocketData>;
export type BridgeSocket = Socket<BridgeToHubEvents, HubToBridgeEvents, NoInterServerEvents, BridgeSocketData>;
