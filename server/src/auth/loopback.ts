/**
 * "Is this request from the hub's own computer?" for the trusted-local mode (OctoPrint's
 * autologinLocal, Moonraker's trusted_clients). Both the peer address and the Host header must be
 * loopback: a web page that rebinds its DNS name to 127.0.0.1 still sends its own name as Host,
 * so it never acts as the local owner.
 */
import { isIP } from "node:net";

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  if (plain === "::1") return true;
  return isIP(plain) === 4 && plain.startsWith("127.");
}

/** `localhost`, `127.x.y.z` or `[::1]`, with or without a port. */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  if (name === "localhost" || name === "[::1]") return true;
  return isIP(name) === 4 && name.startsWith("127.");
}

export function isLocalRequest(remoteAddress: string | undefined, hostHeader: string | undefined): boolean {
  return isLoopbackAddress(remoteAddress) && isLoopbackHost(hostHeader);
}
