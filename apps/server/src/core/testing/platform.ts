import type { Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import type { ModuleContext } from "../module.ts";
import { runSeeds } from "../seed.ts";
import { modules } from "../../modules/index.ts";
import { startPlatform, type Platform } from "../../platform.ts";
import { freePort } from "./processes.ts";
import { createTestDatabase, testConfig } from "./test-db.ts";

export type TestPlatformOptions = {
  /** Load the demo seed (ministry, provinces, demo admin). */
  demo?: boolean;
  /** Listen on a random loopback port (for real HTTP between processes or a browser). */
  listen?: boolean;
  /** Run the job runner and outbox dispatcher (default: when listening). */
  workers?: boolean;
  config?: Partial<Config>;
};

/** A whole platform on a private test database; use `app.inject` or, with `listen`, `url`. */
export async function createTestPlatform(options: TestPlatformOptions = {}): Promise<Platform> {
  // A listening platform knows its address up front, so PUBLIC_URL (and the OIDC issuer) match it.
  const port = options.listen ? await freePort() : 0;
  const config = testConfig({
    port,
    ...(options.listen ? { publicUrl: `http://127.0.0.1:${port}` } : {}),
    ...options.config,
  });
  const database = await createTestDatabase();
  const platform = await startPlatform({
    config,
    logger: createLogger({ logLevel: "silent" }),
    database,
    listen: options.listen === true,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    seed: false,
  });
  if (options.demo) await runSeeds({ ctx: platform.ctx, modules, demo: true });
  return platform;
}

/** A module context on a private test database, for service and repository tests. */
export async function createTestContext(): Promise<ModuleContext & { close(): Promise<void> }> {
  const database = await createTestDatabase();
  return {
    db: database.db,
    dbKind: database.kind,
    config: testConfig(),
    log: createLogger({ logLevel: "silent" }),
    close: () => database.close(),
  };
}
