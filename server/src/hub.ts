/**
 * Composition root: opens the data directory, builds repositories → services → HTTP and socket.io,
 * and starts listening. Every dependency is passed explicitly; nothing is global.
 */
import { BRIDGE_NAMESPACE } from "@peerfab/protocol";
import type { Express } from "express";
import { createServer } from "node:http";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pino, type Logger } from "pino";
import { Server } from "socket.io";
import { CallerResolver } from "./auth/caller-resolver.ts";
import { openDatabase } from "./db/database.ts";
import { HubEvents } from "./hub-events.ts";
import { createApp } from "./http/app.ts";
import { DEFAULT_RATE_LIMITS, type RateLimits } from "./http/rate-limits.ts";
import { AnalysisPool } from "./mesh/analysis-pool.ts";
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";
import { DEFAULT_PREVIEW_OPTIONS } from "./mesh/preview/mesh-preview.ts";
import { BridgeConnections } from "./realtime/bridge-connections.ts";
import { serveBridges } from "./realtime/bridge-namespace.ts";
import { serveBrowsers } from "./realtime/browser-namespace.ts";
import { allowHandshakeFrom } from "./realtime/handshake-origin.ts";
import { JobDispatcher } from "./realtime/job-dispatcher.ts";
import type { BridgeNamespace, BrowserServer } from "./realtime/types.ts";
import { ApiTokenRepository } from "./repositories/api-tokens.ts";
import { DesignRepository } from "./repositories/designs.ts";
import { JobRepository } from "./repositories/jobs.ts";
import { PrinterRepository } from "./repositories/printers.ts";
import { QuoteRepository } from "./repositories/quotes.ts";
import { ReviewRepository } from "./repositories/reviews.ts";
import { ShopRepository } from "./repositories/shops.ts";
import { SessionRepository } from "./repositories/sessions.ts";
import { UserRepository } from "./repositories/users.ts";
import { seedDesigns } from "./seed.ts";
import { AccountService } from "./services/accounts.ts";
import { ApiTokens } from "./services/api-tokens.ts";
import { DesignCatalog } from "./services/design-catalog.ts";
import { DesignDownloads } from "./services/design-downloads.ts";
import { DesignEdits } from "./services/design-edits.ts";
import { DesignIngest } from "./services/design-ingest.ts";
import { BedClearance } from "./services/bed-clearance.ts";
import { JobQueue } from "./services/job-queue.ts";
import { Marketplace } from "./services/marketplace.ts";
import { OfferWithdrawals } from "./services/offer-withdrawals.ts";
import { Reviews } from "./services/reviews.ts";
import { ShopDirectory } from "./services/shop-directory.ts";
import { SlicedGcodeUploads } from "./services/sliced-gcode-uploads.ts";
import { ThumbnailBackfill } from "./services/thumbnail-backfill.ts";
import { JobReports } from "./services/job-reports.ts";
import { JobTransitions } from "./services/job-transitions.ts";
import { PrinterPresence } from "./services/printer-presence.ts";
import { PrinterWatchers } from "./services/printer-watchers.ts";
import { Sessions } from "./services/sessions.ts";
import { FileBlobStore } from "./storage/blob-store.ts";
import { SqliteDesignSearch } from "./search/sqlite-design-search.ts";

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
  /** Meshes with at least this many triangles get a compact preview mesh for the browser; default 500,000. */
  previewMinTriangles?: number;
  /** Most bytes one mesh analysis should add to the hub; bigger meshes are analysed out of core (mesh/streamed/). Default 48 MB. */
  analysisMemoryBytes?: number;
  /**
   * Requests from this computer (loopback address and a localhost Host) without a session act as
   * the local owner account, like OctoPrint's autologinLocal. Default false; the demo turns it on.
   */
  trustedLocal?: boolean;
  /** Origins of other sites allowed to call the API and socket.io with credentials; default none. */
  corsOrigins?: readonly string[];
  /** Sign-in and upload rate limits; defaults in http/rate-limits.ts. */
  rateLimits?: Partial<RateLimits>;
}

export interface Hub {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Plaintext API token of the local user's bridge (also in `<dataDir>/bridge-token`). */
  bridgeToken: string;
  dataDir: string;
  /** The express app (test/openapi.test.ts walks its routes against the OpenAPI document). */
  app: Express;
  close(): Promise<void>;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export async function startHub(options: HubOptions): Promise<Hub> {
  const log = options.logger ?? pino({ level: "silent" });
  const dataDir = options.dataDir;
  await mkdir(dataDir, { recursive: true });

  const db = await openDatabase(join(dataDir, "peerfab.sqlite"));
  const blobs = await FileBlobStore.open(dataDir);
  const pool = new AnalysisPool(options.analysisWorkers ?? 2, { memoryBudgetBytes: options.analysisMemoryBytes });
  const events = new HubEvents();

  const users = new UserRepository(db);
  const designSearch = new SqliteDesignSearch(db);
  const designs = new DesignRepository(db, designSearch);
  const printers = new PrinterRepository(db);
  const jobs = new JobRepository(db);

  const accounts = new AccountService(users);
  const tokens = new ApiTokens(new ApiTokenRepository(db), users, events);
  const sessions = new Sessions(new SessionRepository(db), users, events);
  const localUser = await accounts.ensureLocalUser();
  const bridgeToken = await tokens.ensureTokenFile(localUser.id, join(dataDir, "bridge-token"));
  const callers = new CallerResolver(tokens, sessions, options.trustedLocal ? localUser : null);
  const corsOrigins = options.corsOrigins ?? [];

  const connections = new BridgeConnections();
  const presence = new PrinterPresence(printers, events);
  // Follows job events before the socket layer relays them, so the audience is current.
  const watchers = new PrinterWatchers(presence, events);
  await watchers.load(jobs);
  const transitions = new JobTransitions(jobs, events);
  const queue = new JobQueue(jobs, designs, presence, transitions, blobs, connections, events);
  const reports = new JobReports(jobs, transitions, connections, log.child({ component: "job-reports" }));
  const shops = new ShopDirectory(new ShopRepository(db));
  const marketplace = new Marketplace(jobs, designs, printers, shops, new QuoteRepository(db), transitions, connections, events, log.child({ component: "marketplace" }));
  // Shops' boards drop a job they were offered as soon as it is cancelled or taken (job:withdrawn).
  new OfferWithdrawals(marketplace, new QuoteRepository(db), events, log.child({ component: "offer-withdrawals" }));
  const reviews = new Reviews(jobs, new ReviewRepository(db));
  const bedClearance = new BedClearance(printers, presence, events);
  const meshLimits = {
    ...DEFAULT_MESH_LIMITS,
    maxTriangles: options.maxTriangles ?? DEFAULT_MESH_LIMITS.maxTriangles,
    maxUncompressedBytes: options.max3mfUncompressedBytes ?? DEFAULT_MESH_LIMITS.maxUncompressedBytes,
  };
  const ingest = new DesignIngest(blobs, pool, designs, events, meshLimits, {
    ...DEFAULT_PREVIEW_OPTIONS,
    minTriangles: options.previewMinTriangles ?? DEFAULT_PREVIEW_OPTIONS.minTriangles,
  });
  const catalog = new DesignCatalog(designs, designSearch, blobs, printers);
  const edits = new DesignEdits(designs, ingest);
  const downloads = new DesignDownloads(designs, blobs, pool, meshLimits);
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const slicedGcode = new SlicedGcodeUploads(jobs, presence, blobs, pool, events, { maxBytes: maxUploadBytes, analysis: meshLimits });

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
    callers,
    accounts,
    sessions,
    tokens,
    watchers,
    corsOrigins,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    catalog,
    downloads,
    ingest,
    edits,
    presence,
    queue,
    marketplace,
    reviews,
    shops,
    bedClearance,
    slicedGcode,
    makesOf: (designId) => jobs.completedOfDesign(designId),
    blobs,
    maxUploadBytes,
    webDir: options.webDir ?? null,
    log: log.child({ component: "http" }),
  });
  const server = createServer(app);
  const io: BrowserServer = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 1e6,
    // engine.io's default, stated: a zlib context per connection would cost ~300 KB each at 1,000 bridges.
    perMessageDeflate: false,
    allowRequest: allowHandshakeFrom(corsOrigins),
    ...(corsOrigins.length > 0 ? { cors: { origin: [...corsOrigins], credentials: true } } : {}),
  });
  // One server, two typed namespaces: socket.io types `of()` with the server's event maps.
  const bridgeNsp = io.of(BRIDGE_NAMESPACE) as unknown as BridgeNamespace;
  const dispatcher = new JobDispatcher(connections, queue, designs, log.child({ component: "dispatcher" }), events, bedClearance);
  serveBridges(bridgeNsp, { tokens, events, presence, reports, connections, dispatcher, log: log.child({ component: "bridges" }) });
  serveBrowsers(io, { events, presence, watchers, queue, callers, log: log.child({ component: "browsers" }) });

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
    app,
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
