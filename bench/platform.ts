import fs from "node:fs";
import { loadConfig } from "../apps/server/src/core/config.ts";
import { createLogger } from "../apps/server/src/core/logger.ts";
import {
  freePort,
  scratchPostgresDatabase,
  tempDataDir,
} from "../apps/server/src/core/testing/processes.ts";
import { startPlatform, type Platform } from "../apps/server/src/platform.ts";
import { postgresAdminUrl } from "./lib.ts";

/**
 * A whole platform listening on 127.0.0.1 for a benchmark, on PGlite in its own data folder or on
 * a scratch PostgreSQL database; `close` stops it and removes both. Pass `dataDir` when something
 * else must live in the same folder first.
 */
export async function startBenchPlatform(
  kind: "pglite" | "postgres",
  name: string,
  dataDir = tempDataDir(`lienthong-bench-${name}-`),
): Promise<{ platform: Platform; dataDir: string; close(): Promise<void> }> {
  const scratch =
    kind === "postgres"
      ? await scratchPostgresDatabase(postgresAdminUrl(), `bench_${name.replace(/-/g, "_")}`)
      : undefined;
  const port = await freePort();
  const platform = await startPlatform({
    config: loadConfig({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DEMO_SEED: "false",
      LOG_LEVEL: "silent",
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    }),
    logger: createLogger({ logLevel: "silent" }),
    listen: true,
  });
  return {
    platform,
    dataDir,
    async close() {
      await platform.stop();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
