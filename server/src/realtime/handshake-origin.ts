/**
 * socket.io handshakes from web pages must come from the hub's own origin or a configured one
 * (websockets are not covered by CORS, and a page on another port of the same host is
 * "same-site", so its socket would carry the session cookie). Clients that are not web pages
 * (bridges, scripts) send no Origin and pass.
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { isAllowedOrigin, ownOrigin } from "../auth/request-origin.ts";

export function allowHandshakeFrom(allowedOrigins: readonly string[]) {
  return (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void): void => {
    const origin = req.headers.origin;
    if (!origin) return callback(null, true);
    const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
    if (isAllowedOrigin(origin, ownOrigin(secure, req.headers.host), allowedOrigins)) return callback(null, true);
    callback(`PeerFab hub: connections from ${origin} are refused; list it in PEERFAB_CORS_ORIGINS to allow it.`, false);
  };
}
