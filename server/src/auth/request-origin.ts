/**
 * Where a browser request comes from, for the CSRF check and the socket.io handshake: the
 * `Origin` header, else the origin of `Referer`. A request is same-origin when that equals the
 * hub's own origin (scheme + Host header) or one of the configured allowed origins.
 */

/** The origin a browser says the request comes from; null when it sent neither header. */
export function requestOrigin(origin: string | undefined, referer: string | undefined): string | null {
  if (origin) return origin;
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return "null";
  }
}

/** `https://hub.example:8443`-style origin of the hub as this request reached it. */
export function ownOrigin(secure: boolean, hostHeader: string | undefined): string | null {
  return hostHeader ? `${secure ? "https" : "http"}://${hostHeader.toLowerCase()}` : null;
}

export function isAllowedOrigin(origin: string, own: string | null, allowed: readonly string[]): boolean {
  const normalised = origin.toLowerCase();
  return normalised === own || allowed.includes(normalised);
}

/** Parses `PEERFAB_CORS_ORIGINS`-style lists into normalised origins; throws on anything else. */
export function parseOriginList(text: string, name: string): string[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new Error(`${name}: '${entry}' is not an origin; write it like https://app.example.org (scheme, host and port, no path).`);
      }
      if ((url.protocol !== "http:" && url.protocol !== "https:") || url.pathname !== "/" || url.search || url.hash) {
        throw new Error(`${name}: '${entry}' is not an origin; write it like https://app.example.org (scheme, host and port, no path).`);
      }
      return url.origin.toLowerCase();
    });
}
