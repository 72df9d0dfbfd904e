/** Settings from the environment, shared by `main.ts` and `demo.ts`. */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LevelWithSilent } from "pino";
import { parseOriginList } from "./auth/request-origin.ts";
import type { HubOptions } from "./hub.ts";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface Environment {
  port: number;
  host: string;
  dataDir: string;
  webDir: string;
  seedDir: string;
  logLevel: LevelWithSilent;
  /** PEERFAB_MAX_UPLOAD_MB (default 256). */
  maxUploadBytes: number;
  /** PEERFAB_MAX_TRIANGLES (default 10000000). */
  maxTriangles: number;
  /** PEERFAB_PREVIEW_MIN_TRIANGLES (default 500000): meshes this big get a compact preview mesh. */
  previewMinTriangles: number;
  /** PEERFAB_ANALYSIS_MEMORY_MB (default 48): meshes whose analysis would need more are analysed out of core. */
  analysisMemoryBytes: number;
  /** PEERFAB_TRUSTED_LOCAL (1/0); null when unset: `npm start` (the demo) trusts, `main.ts` does not. */
  trustedLocal: boolean | null;
  /** PEERFAB_CORS_ORIGINS: comma-separated origins; empty keeps CORS closed. */
  corsOrigins: string[];
  /** PEERFAB_SIGNIN_ATTEMPTS_PER_MINUTE (default 10). */
  signInPerMinute: number;
  /** PEERFAB_UPLOADS_PER_10_MINUTES (default 30). */
  uploadsPer10Minutes: number;
}

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const port = Number(env.PORT ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number from 0 to 65535; got '${env.PORT}'.`);
  }
  const level = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(", ")}; got '${env.LOG_LEVEL}'.`);
  }
  return {
    port,
    host: env.HOST ?? "0.0.0.0",
    dataDir: env.PEERFAB_DATA_DIR ? resolve(env.PEERFAB_DATA_DIR) : resolve(repoRoot, "data"),
    webDir: resolve(repoRoot, "web", "dist"),
    seedDir: resolve(repoRoot, "models"),
    logLevel: level as LevelWithSilent,
    maxUploadBytes: positive(env, "PEERFAB_MAX_UPLOAD_MB", 256) * 1024 * 1024,
    maxTriangles: positive(env, "PEERFAB_MAX_TRIANGLES", 10_000_000),
    previewMinTriangles: positive(env, "PEERFAB_PREVIEW_MIN_TRIANGLES", 500_000),
    analysisMemoryBytes: positive(env, "PEERFAB_ANALYSIS_MEMORY_MB", 48) * 1024 * 1024,
    trustedLocal: flag(env, "PEERFAB_TRUSTED_LOCAL"),
    corsOrigins: parseOriginList(env.PEERFAB_CORS_ORIGINS ?? "", "PEERFAB_CORS_ORIGINS"),
    signInPerMinute: positive(env, "PEERFAB_SIGNIN_ATTEMPTS_PER_MINUTE", 10),
    uploadsPer10Minutes: positive(env, "PEERFAB_UPLOADS_PER_10_MINUTES", 30),
  };
}

/** The hub's options from the environment; `trustedLocalByDefault` applies when PEERFAB_TRUSTED_LOCAL is unset. */
export function hubOptions(env: Environment, logger: HubOptions["logger"], trustedLocalByDefault: boolean): HubOptions {
  return {
    port: env.port,
    host: env.host,
    dataDir: env.dataDir,
    webDir: env.webDir,
    seedDir: env.seedDir,
    logger,
    maxUploadBytes: env.maxUploadBytes,
    maxTriangles: env.maxTriangles,
    previewMinTriangles: env.previewMinTriangles,
    analysisMemoryBytes: env.analysisMemoryBytes,
    trustedLocal: env.trustedLocal ?? trustedLocalByDefault,
    corsOrigins: env.corsOrigins,
    rateLimits: { signInPerMinute: env.signInPerMinute, uploadsPer10Minutes: env.uploadsPer10Minutes },
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0; got '${text}'.`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean | null {
  const text = env[name]?.trim().toLowerCase();
  if (text === undefined || text === "") return null;
  if (["1", "true", "yes", "on"].includes(text)) return true;
  if (["0", "false", "no", "off"].includes(text)) return false;
  throw new Error(`${name} must be 1 or 0; got '${env[name]}'.`);
}
