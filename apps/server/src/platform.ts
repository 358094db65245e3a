import path from "node:path";
import type { Logger } from "pino";
import { buildApp } from "./app.ts";
import type { App } from "./core/http/app-type.ts";
import { auditHeadFile, recordAuditHead } from "./core/audit-head.ts";
import { ensureWritableDataDir, type Config } from "./core/config.ts";
import {
  acquireDataDirLock,
  removeServerInfo,
  writeServerInfo,
  type DataDirLock,
} from "./core/data-dir-lock.ts";
import { openDatabase, type Database } from "./core/db/index.ts";
import { migrate } from "./core/db/migrate.ts";
import { startOutboxDispatcher } from "./core/events.ts";
import { startJobRunner, type JobRun } from "./core/jobs.ts";
import type { ModuleContext, ModuleManifest } from "./core/module.ts";
import { runSeeds } from "./core/seed.ts";
import { recordPlatformStart } from "./core/start-audit.ts";
import { migrationSources, modules as installedModules } from "./modules/index.ts";

export type Platform = {
  app: App;
  ctx: ModuleContext;
  database: Database;
  /** Address the server listens on (empty when started with `listen: false`). */
  url: string;
  stop(): Promise<void>;
};

export type OpenPlatformDatabaseOptions = {
  config: Config;
  purpose: string;
  logger?: Logger | undefined;
};

/**
 * Opens the configured database: PostgreSQL when `DATABASE_URL` is set, otherwise the embedded
 * one under `DATA_DIR`, which this process then locks for itself.
 */
export async function openPlatformDatabase({
  config,
  purpose,
  logger,
}: OpenPlatformDatabaseOptions) {
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl) {
    ensureWritableDataDir(config.dataDir);
    lock = acquireDataDirLock(config.dataDir, purpose);
  }
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: path.join(config.dataDir, "pgdata"),
      onIdleConnectionError: (error) =>
        logger?.warn({ err: error }, "PostgreSQL closed an idle connection; the pool replaces it"),
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
  /**
   * Run the outbox dispatcher and the job runner (default: when listening, so that a short-lived
   * CLI process does not claim jobs it would abandon on exit).
   */
  workers?: boolean;
  /** How often the outbox dispatcher looks for events published by other processes (default 250 ms). */
  outboxPollMs?: number;
  /** How often the job runner looks for due jobs (default 1 s). */
  jobPollMs?: number;
};

/** Binds every module's event subscriptions and jobs to that module's context. */
function startWorkers(
  ctx: ModuleContext,
  modules: readonly ModuleManifest[],
  options: StartPlatformOptions,
) {
  const contextOf = (manifest: ModuleManifest): ModuleContext => ({
    ...ctx,
    log: ctx.log.child({ module: manifest.id }),
  });
  const subscriptions = modules.flatMap((manifest) => {
    const moduleCtx = contextOf(manifest);
    return (manifest.subscriptions ?? []).map((s) => ({
      ...s,
      handle: (payload: unknown) => s.handle(payload, moduleCtx),
    }));
  });
  const jobs = modules.flatMap((manifest) => {
    const moduleCtx = contextOf(manifest);
    return (manifest.jobs ?? []).map((job) => ({
      ...job,
      run: (_ctx: ModuleContext, run: JobRun) => job.run(moduleCtx, run),
    }));
  });
  const dispatcher = startOutboxDispatcher({
    db: ctx.db,
    ctx,
    subscriptions,
    log: ctx.log.child({ worker: "outbox" }),
    pollMs: options.outboxPollMs,
  });
  const runner = startJobRunner({
    db: ctx.db,
    ctx,
    jobs,
    log: ctx.log.child({ worker: "jobs" }),
    pollMs: options.jobPollMs,
  });
  return {
    async stop() {
      await Promise.all([dispatcher.stop(), runner.stop()]);
    },
  };
}

/** config -> database -> migrations -> seeds -> workers -> modules -> listen. */
export async function startPlatform(options: StartPlatformOptions): Promise<Platform> {
  const { config, logger } = options;
  const modules = options.modules ?? installedModules;
  const opened = options.database
    ? { database: options.database, close: () => options.database!.close() }
    : await openPlatformDatabase({ config, purpose: "server", logger });
  const { database } = opened;
  const ctx: ModuleContext = {
    db: database.db,
    dbKind: database.kind,
    config,
    log: logger,
    ...(options.database
      ? {}
      : {
          auditHead: {
            file: auditHeadFile(config.dataDir, database),
            database: `${database.kind} ${database.location}`,
          },
        }),
  };
  let controlToken: string | undefined = options.controlToken;
  let workers: { stop(): Promise<void> } | undefined;
  try {
    const applied = await migrate(database.db, migrationSources(modules));
    if (applied.length > 0) logger.info({ applied }, "migrations applied");
    if (options.seed !== false) {
      const seeded = await runSeeds({ ctx, modules, demo: config.demoSeed });
      if (seeded.length > 0) logger.info({ seeded }, "seed data loaded");
    }
    const app = await buildApp({ ctx, modules, logger, controlToken: () => controlToken });
    // After the modules are mounted: jobs may need what their routes set up (the OIDC provider
    // for key rotation), and their first pass must not compete with the plugins' start.
    if (options.workers ?? options.listen !== false) workers = startWorkers(ctx, modules, options);
    let url = "";
    if (options.listen !== false) {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : config.port;
      url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
      if (!config.databaseUrl) controlToken = writeServerInfo(config.dataDir, url).controlToken;
      // A server on its configured database (not a CLI run, not a test's private database).
      if (!options.database) await recordPlatformStart({ db: ctx.db, config, database });
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
        await workers?.stop();
        // A server (one that ran the workers, among them `audit.record_head`) records the head
        // it leaves behind; short CLI runs leave that to the servers and keep their output clean.
        if (workers && ctx.auditHead) {
          await recordAuditHead({ db: ctx.db, ...ctx.auditHead, log: logger }).catch((error) =>
            logger.error({ err: error }, "could not record the audit chain head at shutdown"),
          );
        }
        if (url && !config.databaseUrl) removeServerInfo(config.dataDir);
        await opened.close();
      },
    };
  } catch (error) {
    await workers?.stop();
    await opened.close();
    throw error;
  }
}
