/** `npm start -w server`: the hub alone, configured from the environment (see README "Configuration"). */
import { pino } from "pino";
import { readEnvironment } from "./environment.ts";
import { startHub } from "./hub.ts";

const env = readEnvironment();
const log = pino({ level: env.logLevel });
const hub = await startHub({ port: env.port, host: env.host, dataDir: env.dataDir, webDir: env.webDir, seedDir: env.seedDir, logger: log, maxUploadBytes: env.maxUploadBytes, maxTriangles: env.maxTriangles });
log.info(`PeerFab hub is running: open http://localhost:${hub.port}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping the hub");
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "the hub did not close cleanly");
        process.exit(1);
      },
    );
  });
}
