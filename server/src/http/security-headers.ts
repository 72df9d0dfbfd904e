/**
 * Security headers (helmet) with a Content-Security-Policy the web app lives within: its own
 * scripts and module Web Workers (which may compile WebAssembly), three.js' blob: URLs, data: images, socket.io over the same
 * origin's websocket. `upgrade-insecure-requests` is off: hubs are often reached over plain
 * http on a home network, where it would break every request.
 */
import helmet from "helmet";

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        // WebAssembly may compile (not JS eval): the viewer's meshopt decoder for big-mesh previews needs it.
        "script-src": ["'self'", "'wasm-unsafe-eval'"],
        "worker-src": ["'self'", "blob:"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'", "blob:", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": null,
      },
    },
    // The hub serves plain http too; HSTS belongs to the TLS-terminating proxy in front of it.
    strictTransportSecurity: false,
    // Not helmet's "no-referrer": under it browsers send `Origin: null` even on same-origin POSTs,
    // which the CSRF check (csrf.ts) must refuse. "same-origin" keeps referrers off other sites.
    referrerPolicy: { policy: "same-origin" },
  });
}
