import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import { listen } from "../gateway/testing.ts";
import { checkProviders } from "./health-job.ts";
import { createTrafficScene } from "./testing.ts";

describe("provider health (security)", () => {
  let platform: Platform;
  let upstream: Awaited<ReturnType<typeof listen>>;
  const seenHeaders: Record<string, unknown>[] = [];

  before(async () => {
    platform = await createTestPlatform();
    upstream = await listen((req, res) => {
      seenHeaders.push(req.headers);
      res.writeHead(302, { location: "http://127.0.0.1:9/elsewhere" }).end();
    });
    await createTrafficScene(platform, { baseUrl: `${upstream.url}/internal/api` });
    await checkProviders(platform.ctx, { timeoutMs: 5_000, degradedMs: 5_000 });
  });
  after(async () => {
    await upstream.close();
    await platform.stop();
  });

  it("refuses an unauthenticated or forged caller", async () => {
    const anonymous: Record<string, string> = {};
    for (const headers of [anonymous, { authorization: "Bearer not-a-real-token" }]) {
      const response = await platform.app.inject({ url: "/api/v1/exchange/health", headers });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().code, "unauthenticated");
    }
  });

  it("shows staff of any organization the status, never the provider's address", async () => {
    const outsider = await createTestOrganizationUser(platform);
    const response = await platform.app.inject({
      url: "/api/v1/exchange/health",
      headers: outsider.bearer,
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().items.length, 1);
    assert.doesNotMatch(response.body, /127\.0\.0\.1|internal\/api/);
  });

  it("probes without credentials and does not follow a redirect", async () => {
    assert.equal(seenHeaders.length, 1);
    assert.equal(seenHeaders[0]!.authorization, undefined);
    assert.equal(seenHeaders[0]!.cookie, undefined);
    const response = await platform.app.inject({
      url: "/api/v1/exchange/health",
      headers: (await createTestOrganizationUser(platform)).bearer,
    });
    assert.equal(response.json().items[0].httpStatus, 302);
  });
});

async function createTestOrganizationUser(platform: Platform) {
  const organization = await createTestOrganization(platform.ctx.db);
  return createTestUser(platform, { organizationId: organization.id, roles: ["clerk"] });
}
