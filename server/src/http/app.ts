/** The express app: JSON API under /api with thin routes over services, then the web app. */
import express from "express";
import type { Logger } from "pino";
import type { User } from "../repositories/users.ts";
import type { AccountService } from "../services/accounts.ts";
import type { DesignCatalog } from "../services/design-catalog.ts";
import type { DesignDownloads } from "../services/design-downloads.ts";
import type { DesignIngest } from "../services/design-ingest.ts";
import type { JobQueue } from "../services/job-queue.ts";
import type { PrinterPresence } from "../services/printer-presence.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import { actAs } from "./current-user.ts";
import { apiNotFound, errorHandler } from "./error-handler.ts";
import { designRoutes } from "./routes/designs.ts";
import { healthRoutes } from "./routes/health.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { printerRoutes } from "./routes/printers.ts";
import { webApp } from "./web-app.ts";

export interface AppDeps {
  localUser: User;
  accounts: AccountService;
  catalog: DesignCatalog;
  downloads: DesignDownloads;
  ingest: DesignIngest;
  presence: PrinterPresence;
  queue: JobQueue;
  blobs: BlobStore;
  maxUploadBytes: number;
  webDir: string | null;
  log: Logger;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  const api = express.Router();
  api.use(express.json({ limit: "1mb" }));
  api.use(actAs(deps.localUser));
  api.use("/health", healthRoutes());
  api.use("/designs", designRoutes(deps));
  api.use("/printers", printerRoutes(deps.presence));
  api.use("/jobs", jobRoutes(deps));
  api.use(apiNotFound);
  app.use("/api", api);
  app.use(webApp(deps.webDir));
  app.use(errorHandler(deps.log));
  return app;
}
