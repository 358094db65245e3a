import type http from "node:http";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestInformationSystem, createTestOrganization } from "../../directory/testing.ts";
import { createTestClient, lgspToken } from "../../identity/oidc/testing.ts";
import { createTestService, grantTestAccess } from "../catalogue/testing.ts";
import type { ServiceInput } from "../catalogue/schema.ts";
import { listen } from "../gateway/testing.ts";

/** What the provider saw of one call. */
export type SeenCall = {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
};

/** How the provider answers; tests replace it. */
export type ProviderAnswer = {
  status?: number;
  headers?: http.OutgoingHttpHeaders;
  body: string | Buffer;
};

/**
 * A platform listening on a port, a legacy provider on 127.0.0.1 whose service is registered with
 * the given mediation, and a consumer system holding a right to it and an LGSP access token.
 */
export async function setUpMediatedService(overrides: Partial<ServiceInput>) {
  const platform: Platform = await createTestPlatform({ listen: true });
  const base = platform.ctx.config.publicUrl;
  const seen: SeenCall[] = [];
  const provider = {
    answer: (): ProviderAnswer => ({
      headers: { "content-type": "application/xml" },
      body: "<ketQua><trangThai>OK</trangThai></ketQua>",
    }),
  };
  const upstream = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      // The platform's scheduled health probe is not a consumer's call.
      if (req.headers["user-agent"] !== "lienthong-lgsp-health/1")
        seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks),
        });
      const { status = 200, headers = {}, body } = provider.answer();
      res.writeHead(status, headers);
      res.end(body);
    });
  });

  const { db } = platform.ctx;
  const providerOrg = await createTestOrganization(db);
  const providerSystem = await createTestInformationSystem(db, providerOrg.id);
  const service = await createTestService(db, providerSystem.id, {
    baseUrl: `${upstream.url}/legacy`,
    bodyLogging: "both",
    ...overrides,
  });
  const consumerOrg = await createTestOrganization(db);
  const consumer = await createTestClient(platform, consumerOrg.id, { kind: "machine" });
  await grantTestAccess(db, {
    consumerSystemId: consumer.client.informationSystemId!,
    serviceId: service.id,
  });
  const token = await lgspToken(base, consumer);

  return {
    platform,
    service,
    seen,
    provider,
    token,
    gw: `${base}/gw/${providerOrg.code}/${providerSystem.code}/${service.code}/v1`,
    async close() {
      await platform.stop();
      await upstream.close();
    },
  };
}
