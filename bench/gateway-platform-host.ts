/**
 * The whole platform as the benchmark's gateway host (see `startGatewayHost` in
 * gateway.bench.ts): a platform on a fresh embedded database in a temporary directory, one
 * provider service per upstream, a consumer system with an access right that no limit bites, and
 * its access token — so every call pays the token check, the catalogue and right lookups, the
 * engine and the evidence log, as in production.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../apps/server/src/core/config.ts";
import { createLogger } from "../apps/server/src/core/logger.ts";
import { freePort } from "../apps/server/src/core/testing/processes.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
} from "../apps/server/src/modules/directory/testing.ts";
import {
  createTestService,
  grantTestAccess,
} from "../apps/server/src/modules/exchange/catalogue/testing.ts";
import { createTestClient, lgspToken } from "../apps/server/src/modules/identity/oidc/testing.ts";
import { startPlatform } from "../apps/server/src/platform.ts";
import type { GatewayHost } from "./gateway.bench.ts";

export async function startGatewayHost({
  upstreams,
}: {
  upstreams: Record<string, string>;
}): Promise<GatewayHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lienthong-bench-gw-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const platform = await startPlatform({
    config: loadConfig({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      DEMO_SEED: "false",
      LOG_LEVEL: "silent",
    }),
    logger: createLogger({ logLevel: "silent" }),
    listen: true,
  });
  const { db } = platform.ctx;
  const provider = await createTestOrganization(db);
  const providerSystem = await createTestInformationSystem(db, provider.id);
  const consumerOrg = await createTestOrganization(db);
  const consumer = await createTestClient(platform, consumerOrg.id, { kind: "machine" });
  const paths: Record<string, string> = {};
  for (const [name, baseUrl] of Object.entries(upstreams)) {
    const service = await createTestService(db, providerSystem.id, {
      code: `bench-${name}`,
      baseUrl,
      maxRequestBytes: 256 * 1024 * 1024,
    });
    await grantTestAccess(db, {
      consumerSystemId: consumer.client.informationSystemId!,
      serviceId: service.id,
      decision: { rateLimitPerMinute: 1_000_000 },
    });
    paths[name] = `/gw/${provider.code}/${providerSystem.code}/${service.code}/v1`;
  }
  const token = await lgspToken(url, consumer);
  return {
    url,
    paths,
    headers: { authorization: `Bearer ${token}` },
    async close() {
      await platform.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
