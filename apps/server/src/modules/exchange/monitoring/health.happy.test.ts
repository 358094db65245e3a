import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestUser } from "../../identity/testing.ts";
import { retireService } from "../catalogue/index.ts";
import { closedPortUrl, listen } from "../gateway/testing.ts";
import { exchangeModule } from "../index.ts";
import { checkProviders } from "./health-job.ts";
import { createTrafficScene } from "./testing.ts";
import type { ProviderHealth } from "./health.ts";

/** Bounds no answer on a loaded test machine reaches, so "up" stays up. */
const PROBE = { timeoutMs: 5_000, degradedMs: 5_000 };

describe("provider health (happy)", () => {
  let platform: Platform;
  let upstream: Awaited<ReturnType<typeof listen>>;
  let up: { id: string; code: string; version: string };
  let down: { id: string };
  let reader: { bearer: Record<string, string> };
  const probed: string[] = [];

  before(async () => {
    platform = await createTestPlatform();
    upstream = await listen((req, res) => {
      probed.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
    });
    const scene = await createTrafficScene(platform, { baseUrl: `${upstream.url}/api` });
    up = scene.service;
    down = (await createTrafficScene(platform, { baseUrl: `${await closedPortUrl()}/api` }))
      .service;
    reader = await createTestUser(platform, {
      organizationId: scene.stranger.id,
      roles: ["clerk"],
    });
  });
  after(async () => {
    await upstream.close();
    await platform.stop();
  });

  const health = async (): Promise<Map<string, ProviderHealth>> => {
    const response = await platform.app.inject({
      url: "/api/v1/exchange/health",
      headers: reader.bearer,
    });
    assert.equal(response.statusCode, 200, response.body);
    return new Map(response.json().items.map((h: ProviderHealth) => [h.serviceId, h]));
  };

  it("is a recurring job of the exchange module, once a minute", () => {
    const job = exchangeModule.jobs?.find((j) => j.name === "exchange.provider_health");
    assert.equal(job?.everySeconds, 60);
  });

  it("finds a provider that answers up and one that refuses connections down", async () => {
    assert.equal(await checkProviders(platform.ctx, PROBE), 2);
    assert.deepEqual(probed, ["HEAD /api"]);
    const items = await health();
    const [first] = items.values();
    assert.equal(first!.serviceId, down.id, "the ones down come first");
    const ok = items.get(up.id)!;
    assert.equal(ok.status, "up");
    assert.equal(ok.httpStatus, 404);
    assert.equal(ok.lastError, null);
    assert.ok(ok.latencyMs! >= 0);
    const ko = items.get(down.id)!;
    assert.equal(ko.status, "down");
    assert.equal(ko.latencyMs, null);
    assert.deepEqual(ko.lastError, {
      code: "connection_refused",
      message: { vi: "Máy chủ từ chối kết nối", en: "The server refused the connection" },
    });
  });

  it("keeps `since` while the status holds and moves it when it changes", async () => {
    const first = await health();
    await checkProviders(platform.ctx, PROBE);
    const again = await health();
    assert.equal(again.get(up.id)!.since, first.get(up.id)!.since);
    assert.notEqual(again.get(up.id)!.checkedAt, first.get(up.id)!.checkedAt);
    assert.equal(again.get(up.id)!.recentChecks, 2);
    assert.equal(again.get(down.id)!.recentUp, 0);

    await upstream.close();
    await checkProviders(platform.ctx, PROBE);
    const later = (await health()).get(up.id)!;
    assert.equal(later.status, "down");
    assert.equal(later.since, later.checkedAt);
    assert.deepEqual([later.recentChecks, later.recentUp], [3, 2]);
  });

  it("exposes the status as a one-hot Prometheus gauge", async () => {
    const metrics = (await platform.app.inject("/metrics")).body;
    const service = `${up.code}/${up.version}`;
    const line = (status: string) =>
      metrics
        .split("\n")
        .find(
          (l) =>
            l.startsWith("lienthong_lgsp_provider_status{") &&
            l.includes(`${service}"`) &&
            l.includes(`status="${status}"`),
        );
    assert.match(line("down") ?? "", / 1$/);
    assert.match(line("up") ?? "", / 0$/);
  });

  it("forgets a retired service", async () => {
    await retireService({
      db: platform.ctx.db,
      actor: { kind: "system", name: "test" },
      id: down.id,
      reason: "Ngừng cung cấp",
    });
    assert.equal(await checkProviders(platform.ctx, PROBE), 1);
    assert.equal((await health()).has(down.id), false);
  });
});
