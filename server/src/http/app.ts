/** The express app: JSON API under /api with thin routes over services, then the web app. */
import cors from "cors";
import express from "express";
import type { Logger } from "pino";
import type { CallerResolver } from "../auth/caller-resolver.ts";
import type { AccountService } from "../services/accounts.ts";
import type { ApiTokens } from "../services/api-tokens.ts";
import type { DesignCatalog } from "../services/design-catalog.ts";
import type { DesignDownloads } from "../services/design-downloads.ts";
import type { DesignEdits } from "../services/design-edits.ts";
import type { DesignIngest } from "../services/design-ingest.ts";
import type { BedClearance } from "../services/bed-clearance.ts";
import type { JobQueue } from "../services/job-queue.ts";
import type { Marketplace } from "../services/marketplace.ts";
import type { Reviews } from "../services/reviews.ts";
import type { ShopDirectory } from "../services/shop-directory.ts";
import type { SlicedGcodeUploads } from "../services/sliced-gcode-uploads.ts";
import type { PrinterPresence } from "../services/printer-presence.ts";
import type { PrinterWatchers } from "../services/printer-watchers.ts";
import type { Sessions } from "../services/sessions.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import { csrfGuard } from "./csrf.ts";
import { identifyCaller } from "./current-user.ts";
import { apiNotFound, errorHandler } from "./error-handler.ts";
import { type RateLimits, uploadLimiter } from "./rate-limits.ts";
import { requireUserForChanges } from "./require-user.ts";
import { authRoutes } from "./routes/auth.ts";
import { designRoutes } from "./routes/designs.ts";
import { healthRoutes } from "./routes/health.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { openApiRoutes } from "./routes/openapi.ts";
import { printerRoutes } from "./routes/printers.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { securityHeaders } from "./security-headers.ts";
import { shopRoutes } from "./routes/shops.ts";
import { slicedGcodeRoutes } from "./routes/sliced-gcode.ts";
import type { VerifiedMake } from "@peerfab/protocol";
import { webApp } from "./web-app.ts";

export interface AppDeps {
  callers: CallerResolver;
  accounts: AccountService;
  sessions: Sessions;
  tokens: ApiTokens;
  watchers: PrinterWatchers;
  /** Other origins whose pages may call the API with credentials (PEERFAB_CORS_ORIGINS); none by default. */
  corsOrigins: readonly string[];
  rateLimits: RateLimits;
  catalog: DesignCatalog;
  downloads: DesignDownloads;
  ingest: DesignIngest;
  edits: DesignEdits;
  presence: PrinterPresence;
  queue: JobQueue;
  marketplace: Marketplace;
  reviews: Reviews;
  shops: ShopDirectory;
  bedClearance: BedClearance;
  /** G-code bridges sliced for jobs (issue #6). */
  slicedGcode: SlicedGcodeUploads;
  /** Verified makes of a design (completed jobs), added to `GET /api/designs/:id`. */
  makesOf: (designId: string) => Promise<VerifiedMake[]>;
  blobs: BlobStore;
  maxUploadBytes: number;
  webDir: string | null;
  log: Logger;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());
  const api = express.Router();
  // CORS stays closed (no Access-Control-* headers, so browsers keep other sites out) unless configured.
  if (deps.corsOrigins.length > 0) api.use(cors({ origin: [...deps.corsOrigins], credentials: true }));
  api.use(express.json({ limit: "1mb" }));
  api.use(identifyCaller(deps.callers));
  api.use(csrfGuard(deps.corsOrigins));
  api.use(requireUserForChanges);
  api.use("/auth", authRoutes({ accounts: deps.accounts, sessions: deps.sessions, signInPerMinute: deps.rateLimits.signInPerMinute }));
  api.use("/tokens", tokenRoutes(deps.tokens));
  // Every multipart upload route counts against the caller's upload allowance.
  api.post(["/designs", "/designs/:id/files", "/designs/:id/remix"], uploadLimiter(deps.rateLimits.uploadsPer10Minutes));
  api.use("/health", healthRoutes());
  api.use("/openapi.json", openApiRoutes());
  api.use("/designs", designRoutes(deps));
  api.use("/printers", printerRoutes(deps.presence, deps.watchers, deps.bedClearance));
  api.use("/shops", shopRoutes(deps));
  api.use("/jobs", slicedGcodeRoutes(deps));
  api.use("/jobs", jobRoutes(deps));
  api.use(apiNotFound);
  app.use("/api", api);
  app.use(webApp(deps.webDir));
  app.use(errorHandler(deps.log));
  return app;
}
