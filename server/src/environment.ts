/** Settings from the environment, shared by `main.ts` and `demo.ts`. */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LevelWithSilent } from "pino";

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
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0; got '${text}'.`);
  return value;
}
