/** `npm start -w server`: the hub alone, configured from the environment (see README "Configuration"). */
import { pino } from "pino";
import { hubOptions, readEnvironment } from "./environment.ts";
import { startHub } from "./hub.ts";

const env = readEnvironment();
const log = pino({ level: env.logLevel });
// Accounts by default: nobody acts as the local owner without signing in (PEERFAB_TRUSTED_LOCAL=1 to allow).
const hub = await startHub(hubOptions(env, log, false));
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
