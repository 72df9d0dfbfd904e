/**
 * Composition root: opens the data directory, builds repositories → services → HTTP and socket.io,
 * and starts listening. Every dependency is passed explicitly; nothing is global.
 */
import { BRIDGE_NAMESPACE } from "@peerfab/protocol";
import { createServer } from "node:http";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pino, type Logger } from "pino";
import { Server } from "socket.io";
import { openDatabase } from "./db/database.ts";
import { HubEvents } from "./hub-events.ts";
import { createApp } from "./http/app.ts";
import { AnalysisPool } from "./mesh/analysis-pool.ts";
import { DEFAULT_MESH_LIMITS } from "./mesh/triangle-mesh.ts";
import { BridgeConnections } from "./realtime/bridge-connections.ts";
import { serveBridges } from "./realtime/bridge-namespace.ts";
import { serveBrowsers } from "./realtime/browser-namespace.ts";
import { JobDispatcher } from "./realtime/job-dispatcher.ts";
import type { BridgeNamespace, BrowserServer } from "./realtime/types.ts";
import { ApiTokenRepository } from "./repositories/api-tokens.ts";
import { DesignRepository } from "./repositories/designs.ts";
import { JobRepository } from "./repositories/jobs.ts";
import { PrinterRepository } from "./repositories/printers.ts";
import { UserRepository } from "./repositories/users.ts";
import { seedDesigns } from "./seed.ts";
import { AccountService } from "./services/accounts.ts";
import { DesignCatalog } from "./services/design-catalog.ts";
import { DesignDownloads } from "./services/design-downloads.ts";
import { DesignIngest } from "./services/design-ingest.ts";
import { JobQueue } from "./services/job-queue.ts";
import { ThumbnailBackfill } from "./services/thumbnail-backfill.ts";
import { JobReports } from "./services/job-reports.ts";
import { JobTransitions } from "./services/job-transitions.ts";
import { PrinterPresence } from "./services/printer-presence.ts";
import { FileBlobStore } from "./storage/blob-store.ts";

export interface HubOptions {
  /** 0 picks a free port. */
  port: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Holds peerfab.sqlite, blobs/, tmp/ and bridge-token; created when missing. */
  dataDir: string;
  /** The built web app (web/dist); null or missing serves a hint page at `/`. */
  webDir?: string | null;
  /** Folder with manifest.json of sample designs imported on first start. */
  seedDir?: string | null;
  logger?: Logger;
  /** Largest accepted upload file in bytes; default 256 MB. */
  maxUploadBytes?: number;
  /** Most triangles in one mesh file (STL, or a 3MF's expanded build); default 10 M. */
  maxTriangles?: number;
  /** Most bytes a 3MF's parts may inflate to, together; default 1 GB. */
  max3mfUncompressedBytes?: number;
  /** Worker threads for mesh analysis, thumbnail rendering and 3MF export; default 2. */
  analysisWorkers?: number;
}

export interface Hub {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Plaintext API token of the local user's bridge (also in `<dataDir>/bridge-token`). */
  bridgeToken: string;
  dataDir: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export async function startHub(options: HubOptions): Promise<Hub> {
  const log = options.logger ?? pino({ level: "silent" });
  const dataDir = options.dataDir;
  await mkdir(dataDir, { recursive: true });

  const db = await openDatabase(join(dataDir, "peerfab.sqlite"));
  const blobs = await FileBlobStore.open(dataDir);
  const pool = new AnalysisPool(options.analysisWorkers ?? 2);
  const events = new HubEvents();

  const users = new UserRepository(db);
  const designs = new DesignRepository(db);
  const printers = new PrinterRepository(db);
  const jobs = new JobRepository(db);

  const accounts = new AccountService(users, new ApiTokenRepository(db));
  const localUser = await accounts.ensureLocalUser();
  const bridgeToken = await accounts.ensureBridgeToken(localUser.id, join(dataDir, "bridge-token"));

  const connections = new BridgeConnections();
  const presence = new PrinterPresence(printers, events);
  const transitions = new JobTransitions(jobs, events);
  const queue = new JobQueue(jobs, designs, presence, transitions, blobs, connections, events);
  const reports = new JobReports(jobs, transitions, connections, log.child({ component: "job-reports" }));
  const meshLimits = {
    ...DEFAULT_MESH_LIMITS,
    maxTriangles: options.maxTriangles ?? DEFAULT_MESH_LIMITS.maxTriangles,
    maxUncompressedBytes: options.max3mfUncompressedBytes ?? DEFAULT_MESH_LIMITS.maxUncompressedBytes,
  };
  const ingest = new DesignIngest(blobs, pool, designs, events, meshLimits);
  const catalog = new DesignCatalog(designs, blobs);
  const downloads = new DesignDownloads(designs, blobs, pool, meshLimits);

  try {
    if (options.seedDir) await seedDesigns(options.seedDir, { ingest, designs, blobs, author: localUser, log });
  } catch (error) {
    await pool.close();
    await db.destroy();
    throw error;
  }

  const backfill = new ThumbnailBackfill(designs, blobs, pool, meshLimits, log.child({ component: "thumbnails" }));
  const backfillDone = backfill.run();

  const app = createApp({
    localUser,
    accounts,
    catalog,
    downloads,
    ingest,
    presence,
    queue,
    blobs,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    webDir: options.webDir ?? null,
    log: log.child({ component: "http" }),
  });
  const server = createServer(app);
  const io: BrowserServer = new Server(server, { serveClient: false, maxHttpBufferSize: 1e6 });
  // One server, two typed namespaces: socket.io types `of()` with the server's event maps.
  const bridgeNsp = io.of(BRIDGE_NAMESPACE) as unknown as BridgeNamespace;
  const dispatcher = new JobDispatcher(connections, queue, designs, log.child({ component: "dispatcher" }), events);
  serveBridges(bridgeNsp, { accounts, presence, reports, connections, dispatcher, log: log.child({ component: "bridges" }) });
  serveBrowsers(io, { events, presence, queue, log: log.child({ component: "browsers" }) });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, dataDir }, "hub listening");

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    bridgeToken,
    dataDir,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          void io.close(() => resolve());
          server.closeAllConnections();
        });
        backfill.stop();
        await pool.close();
        await backfillDone;
        await db.destroy();
      })();
      return closing;
    },
  };
}
