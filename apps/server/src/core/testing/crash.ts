import fs from "node:fs";
import { loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { startPlatform, type Platform } from "../../platform.ts";
import {
  childEnv,
  freePort,
  scratchPostgresDatabase,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from "./processes.ts";

/** A server that a crash test starts, SIGKILLs and restarts, and the database it keeps. */
export type CrashRig = {
  /** The server's environment: data directory, database, a fixed port and `PUBLIC_URL`. */
  env: Record<string, string>;
  /** PostgreSQL when TEST_DATABASE_URL is set, PGlite under `env.DATA_DIR` otherwise. */
  database: "postgres" | "pglite";
  /** Starts `lienthong start` on the rig's port; stopped (SIGTERM) at cleanup if still running. */
  start(extra?: Record<string, string>): Promise<ServerProcess>;
  /**
   * Works on the database with no server running, through a platform of the same configuration
   * that does not listen: PGlite admits one process at a time.
   */
  offline<T>(work: (platform: Platform) => Promise<T>): Promise<T>;
  /** Stops what is still running and removes the data directory and the scratch database. */
  cleanup(): Promise<void>;
};

/**
 * Sets up a crash test's server: a fresh data directory, a scratch PostgreSQL database when
 * TEST_DATABASE_URL is set, and a port fixed in advance so `PUBLIC_URL` (and what is issued for
 * it, such as token audiences) stays the same across restarts.
 */
export async function createCrashRig(prefix: string): Promise<CrashRig> {
  const admin = process.env.TEST_DATABASE_URL;
  const scratch = admin ? await scratchPostgresDatabase(admin, `lt_${prefix}`) : undefined;
  const dataDir = tempDataDir(`lt-${prefix}-`);
  const port = await freePort();
  const env = {
    DATA_DIR: dataDir,
    DEMO_SEED: "false",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  };
  const servers: ServerProcess[] = [];
  return {
    env,
    database: scratch ? "postgres" : "pglite",
    async start(extra = {}) {
      const server = await startServerProcess({ ...env, PORT: String(port), ...extra });
      servers.push(server);
      return server;
    },
    async offline(work) {
      const platform = await startPlatform({
        config: loadConfig(childEnv(env)),
        logger: createLogger({ logLevel: "silent" }),
        listen: false,
        workers: false,
      });
      try {
        return await work(platform);
      } finally {
        await platform.stop();
      }
    },
    async cleanup() {
      for (const server of servers) await server.stop();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
