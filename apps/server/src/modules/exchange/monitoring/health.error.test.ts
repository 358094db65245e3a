import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestUser } from "../../identity/testing.ts";
import { listen } from "../gateway/testing.ts";
import { checkProviders } from "./health-job.ts";
import type { ProviderHealth } from "./health.ts";
import { createTrafficScene } from "./testing.ts";

describe("provider health (errors)", () => {
  let platform: Platform;
  const upstreams: Awaited<ReturnType<typeof listen>>[] = [];
  const ids = { silent: "", failing: "", slow: "", unresolvable: "" };
  let reader: { bearer: Record<string, string> };

  before(async () => {
    platform = await createTestPlatform();
    const serve = async (handler: Parameters<typeof listen>[0]) => {
      const upstream = await listen(handler);
      upstreams.push(upstream);
      return `${upstream.url}/api`;
    };
    const service = async (baseUrl: string) =>
      (await createTrafficScene(platform, { baseUrl })).service.id;
    ids.silent = await service(await serve(() => {}));
    ids.failing = await service(await serve((_req, res) => res.writeHead(503).end()));
    ids.slow = await service(
      await serve((_req, res) => setTimeout(() => res.writeHead(200).end(), 300)),
    );
    ids.unresolvable = await service("http://lgsp-probe.invalid/api");
    const scene = await createTrafficScene(platform);
    reader = await createTestUser(platform, {
      organizationId: scene.stranger.id,
      roles: ["clerk"],
    });
  });
  after(async () => {
    for (const upstream of upstreams) await upstream.close();
    await platform.stop();
  });

  it("tells a timeout, a 5xx, a slow answer and an unknown host apart", async () => {
    // Generous bounds, so a loaded machine still tells the cases apart.
    await checkProviders(platform.ctx, { timeoutMs: 1_500, degradedMs: 100 });
    const response = await platform.app.inject({
      url: "/api/v1/exchange/health",
      headers: reader.bearer,
    });
    const byId = new Map(response.json().items.map((h: ProviderHealth) => [h.serviceId, h]));
    const seen = (id: string) => {
      const h = byId.get(id) as ProviderHealth;
      return [h.status, h.lastError?.code, h.httpStatus];
    };
    assert.deepEqual(seen(ids.silent), ["down", "timeout", null]);
    assert.deepEqual(seen(ids.failing), ["down", "http_error", 503]);
    assert.deepEqual(seen(ids.slow), ["degraded", "slow", 200]);
    assert.deepEqual(seen(ids.unresolvable), ["down", "dns", null]);
    const failing = byId.get(ids.failing) as ProviderHealth;
    assert.equal(failing.lastError!.message.vi, "Máy chủ trả lời lỗi HTTP 503");
  });
});
