import http from "node:http";
import type { AddressInfo } from "node:net";
import { createTestPlatform } from "../../../apps/server/src/core/testing/platform.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
} from "../../../apps/server/src/modules/directory/testing.ts";
import { createTestClient } from "../../../apps/server/src/modules/identity/oidc/testing.ts";
import {
  createTestService,
  grantTestAccess,
} from "../../../apps/server/src/modules/exchange/catalogue/testing.ts";
import type { Platform } from "../../../apps/server/src/platform.ts";
import { LgspClient } from "./client.ts";
import type { LgspClientOptions, ServiceAddress } from "./types.ts";

/** Test helpers: a real platform over HTTP, a real provider, and SDK clients of both sides. */

export type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/**
 * A provider's service on 127.0.0.1. It records every request it receives and answers from
 * `script` (status and headers, first in first out), then 200 with a JSON echo.
 */
export async function startProvider() {
  const provider = {
    seen: [] as Seen[],
    script: [] as { status: number; headers?: Record<string, string>; body?: string }[],
    url: "",
    server: http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        provider.seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        const next = provider.script.shift();
        if (next) {
          res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
          res.end(next.body ?? JSON.stringify({ status: next.status }));
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ method: req.method, url: req.url, body }));
      });
    }),
  };
  await new Promise<void>((resolve) => provider.server.listen(0, "127.0.0.1", resolve));
  provider.url = `http://127.0.0.1:${(provider.server.address() as AddressInfo).port}`;
  return provider;
}

/**
 * A platform listening on loopback, with a provider organization and system whose service is
 * forwarded to `upstreamUrl`, and a consumer system holding a right to it.
 */
export async function createLgspSetting(upstreamUrl: string) {
  const platform: Platform = await createTestPlatform({ listen: true });
  const baseUrl = platform.ctx.config.publicUrl;
  const { db } = platform.ctx;
  const providerOrg = await createTestOrganization(db);
  const providerSystem = await createTestInformationSystem(db, providerOrg.id);
  const consumerOrg = await createTestOrganization(db);
  const consumer = await createTestClient(platform, consumerOrg.id, { kind: "machine" });

  /** A new service of the provider system, the consumer granted access to it unless told. */
  async function addService(options: { granted?: boolean } = {}) {
    const service = await createTestService(db, providerSystem.id, {
      baseUrl: `${upstreamUrl}/api`,
    });
    if (options.granted !== false)
      await grantTestAccess(db, {
        consumerSystemId: consumer.client.informationSystemId!,
        serviceId: service.id,
      });
    const address: ServiceAddress = {
      org: providerOrg.code,
      system: providerSystem.code,
      service: service.code,
      version: service.version,
    };
    return { id: service.id, address };
  }

  /** An SDK client of the consumer system that counts the requests it sends by kind. */
  function consumerClient(options: Partial<LgspClientOptions> = {}) {
    return countedClient(
      { baseUrl, clientId: consumer.client.clientId, clientSecret: consumer.clientSecret! },
      options,
    );
  }

  /** An SDK client of the provider system itself (for pull channels). */
  async function providerClient() {
    const client = await createTestClient(platform, providerOrg.id, {
      kind: "machine",
      informationSystemId: providerSystem.id,
    });
    return countedClient(
      { baseUrl, clientId: client.client.clientId, clientSecret: client.clientSecret! },
      {},
    );
  }

  return {
    platform,
    baseUrl,
    providerOrg,
    providerSystem,
    addService,
    consumerClient,
    providerClient,
  };
}

function countedClient(credentials: LgspClientOptions, options: Partial<LgspClientOptions>) {
  const sent = { token: 0, gateway: 0, messages: 0 };
  const inner = options.fetch ?? globalThis.fetch;
  const counting: typeof fetch = (input, init) => {
    const url = String(input);
    if (url.endsWith("/oidc/token")) sent.token += 1;
    else if (url.includes("/gw/")) sent.gateway += 1;
    else if (url.includes("/msg/")) sent.messages += 1;
    return inner(input, init);
  };
  const client = new LgspClient({
    ...credentials,
    retry: { baseDelayMs: 5 },
    ...options,
    fetch: counting,
  });
  return { client, sent };
}
