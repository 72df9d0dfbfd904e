/**
 * Serves the built web app (Vite `dist/`) at `/`, with the SPA fallback to index.html for every
 * other GET outside /api. Without a build, `/` says how to make one.
 */
import express, { type Request, type Response, type NextFunction, type Router } from "express";
import { existsSync } from "node:fs";
import { join } from "node:path";

const NOT_BUILT = `PeerFab hub is running, but the web app is not built.
Run \`npm run build -w web\` (or \`npm start\`, which builds it) and reload this page.
The REST API is at /api (try /api/health).
`;

export function webApp(webDir: string | null): Router {
  const router = express.Router();
  if (webDir) router.use(express.static(webDir, { index: "index.html", fallthrough: true }));
  router.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith("/api/") || req.path === "/api" || req.path.startsWith("/socket.io")) return next();
    const index = webDir ? join(webDir, "index.html") : null;
    if (index && existsSync(index)) {
      res.sendFile(index);
      return;
    }
    res.status(req.path === "/" ? 200 : 404).type("text/plain").send(NOT_BUILT);
  });
  return router;
}
