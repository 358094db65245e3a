import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestUser } from "../../identity/testing.ts";
import { createTestService } from "../catalogue/testing.ts";
import { listen } from "../gateway/testing.ts";
import { checkProviders } from "./health-job.ts";
import type { ProviderHealth } from "./health.ts";
import { createTrafficScene } from "./testing.ts";

const PROBE = { timeoutMs: 5_000, degradedMs: 5_000 };

describe("provider health through a service's declared health endpoint", () => {
  let platform: Platform;
  let upstream: Awaited<ReturnType<typeof listen>>;
  const probed: string[] = [];

  before(async () => {
    platform = await createTestPlatform();
    // The provider answers its health endpoint, and 404 for anything else.
    upstream = await listen((req, res) => {
      probed.push(`${req.method} ${req.url}`);
      res.writeHead(req.url === "/api/suc-khoe?chi-tiet=0" ? 200 : 404).end();
    });
  });
  after(async () => {
    await upstream.close();
    await platform.stop();
  });

  it("asks the health path with GET: 2xx is up, 404 is down; other services keep the HEAD", async () => {
    const scene = await createTrafficScene(platform, {
      baseUrl: `${upstream.url}/api/`,
      healthPath: "/suc-khoe?chi-tiet=0",
    });
    const healthy = scene.service;
    assert.equal(healthy.healthPath, "/suc-khoe?chi-tiet=0");
    const missing = await createTestService(platform.ctx.db, healthy.provider.systemId, {
      code: "thieu-suc-khoe",
      baseUrl: `${upstream.url}/api`,
      healthPath: "/khong-co",
    });
    const plain = await createTestService(platform.ctx.db, healthy.provider.systemId, {
      code: "khong-khai-bao",
      baseUrl: `${upstream.url}/api`,
    });
    assert.equal(await checkProviders(platform.ctx, PROBE), 3);
    assert.deepEqual(probed.sort(), [
      "GET /api/khong-co",
      "GET /api/suc-khoe?chi-tiet=0",
      "HEAD /api",
    ]);

    const reader = await createTestUser(platform, {
      organizationId: scene.stranger.id,
      roles: ["clerk"],
    });
    const response = await platform.app.inject({
      url: "/api/v1/exchange/health",
      headers: reader.bearer,
    });
    const items = new Map<string, ProviderHealth>(
      response.json().items.map((h: ProviderHealth) => [h.serviceId, h]),
    );
    assert.equal(items.get(healthy.id)!.status, "up");
    assert.equal(items.get(healthy.id)!.httpStatus, 200);
    const down = items.get(missing.id)!;
    assert.equal(down.status, "down");
    assert.equal(down.httpStatus, 404);
    assert.equal(down.lastError!.code, "http_error");
    assert.equal(items.get(plain.id)!.status, "up", "a HEAD answered 404 still means up");
  });

  it("refuses a health path that is not a path, changing nothing", async () => {
    const scene = await createTrafficScene(platform, { baseUrl: `${upstream.url}/api` });
    const admin = await createTestUser(platform, {
      organizationId: scene.service.provider.organizationId,
      roles: ["org_admin"],
    });
    for (const healthPath of ["suc-khoe", "https://other.example/health", "/a b"]) {
      const response = await platform.app.inject({
        method: "PATCH",
        url: `/api/v1/exchange/services/${scene.service.id}`,
        headers: admin.bearer,
        payload: { healthPath },
      });
      assert.equal(response.statusCode, 400, healthPath);
    }
    const set = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/exchange/services/${scene.service.id}`,
      headers: admin.bearer,
      payload: { healthPath: "/health" },
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json<{ healthPath: string }>().healthPath, "/health");
    const cleared = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/exchange/services/${scene.service.id}`,
      headers: admin.bearer,
      payload: { healthPath: null },
    });
    assert.equal(cleared.json<{ healthPath: null }>().healthPath, null);
  });
});
