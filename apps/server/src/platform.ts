import path from "node:path";
import type { Logger } from "pino";
import { buildApp } from "./app.ts";
import type { App } from "./core/http/app-type.ts";
import { ensureWritableDataDir, type Config } from "./core/config.ts";
import { acquireDataDirLock, removeServerInfo, writeServerInfo, type DataDirLock } from "./core/data-dir-lock.ts";
import { openDatabase, type Database } from "./core/db/index.ts";
import { migrate } from "./core/db/migrate.ts";
import type { ModuleContext, ModuleManifest } from "./core/module.ts";
import { runSeeds } from "./core/seed.ts";
import { migrationSources, modules as installedModules } from "./modules/index.ts";

export type Platform = {
  app: App;
  ctx: ModuleContext;
  database: Database;
  /** Address the server listens on (empty when started with `listen: false`). */
  url: string;
  stop(): Promise<void>;
};

export type OpenPlatformDatabaseOptions = { config: Config; purpose: string };

/**
 * Opens the configured database: PostgreSQL when `DATABASE_URL` is set, otherwise the embedded
 * one under `DATA_DIR`, which this process then locks for itself.
 */
export async function openPlatformDatabase({ config, purpose }: OpenPlatformDatabaseOptions) {
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl) {
    ensureWritableDataDir(config.dataDir);
    lock = acquireDataDirLock(config.dataDir, purpose);
  }
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: path.join(config.dataDir, "pgdata"),
    });
    return {
      database,
      async close() {
        await database.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export type StartPlatformOptions = {
  config: Config;
  logger: Logger;
  modules?: readonly ModuleManifest[];
  /** An already opened database (tests); otherwise the configured one is opened. */
  database?: Database;
  listen?: boolean;
  /** Control token for in-process callers (the CLI when no server runs); one is made when listening. */
  controlToken?: string;
  /** Load seeds at start (default true). */
  seed?: boolean;
};

/** config -> database -> migrations -> seeds -> modules -> listen. */
export async function startPlatform(options: StartPlatformOptions): Promise<Platform> {
  const { config, logger } = options;
  const modules = options.modules ?? installedModules;
  const opened = options.database
    ? { database: options.database, close: () => options.database!.close() }
    : await openPlatformDatabase({ config, purpose: "server" });
  const { database } = opened;
  const ctx: ModuleContext = { db: database.db, dbKind: database.kind, config, log: logger };
  let controlToken: string | undefined = options.controlToken;
  try {
    const applied = await migrate(database.db, migrationSources(modules));
    if (applied.length > 0) logger.info({ applied }, "migrations applied");
    if (options.seed !== false) {
      const seeded = await runSeeds({ ctx, modules, demo: config.demoSeed });
      if (seeded.length > 0) logger.info({ seeded }, "seed data loaded");
    }
    const app = await buildApp({ ctx, modules, logger, controlToken: () => controlToken });
    let url = "";
    if (options.listen !== false) {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : config.port;
      url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
      if (!config.databaseUrl) controlToken = writeServerInfo(config.dataDir, url).controlToken;
    }
    let stopped = false;
    return {
      app,
      ctx,
      database,
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        await app.close();
        if (url && !config.databaseUrl) removeServerInfo(config.dataDir);
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
