import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestUser } from "../../identity/testing.ts";
import { createTrafficScene } from "./testing.ts";

const at = (iso: string) => new Date(iso);

describe("service traffic (happy)", () => {
  let platform: Platform;
  let scene: Awaited<ReturnType<typeof createTrafficScene>>;
  let admin: { bearer: Record<string, string> };

  before(async () => {
    platform = await createTestPlatform();
    scene = await createTrafficScene(platform);
    // A: 100 completed calls at 09:xx UTC with latencies 1..100 ms, 10 bytes in, 20 bytes out.
    await scene.recordCalls(
      scene.systemA,
      Array.from({ length: 100 }, (_, i) => ({
        startedAt: at(`2026-03-10T09:${String(i % 60).padStart(2, "0")}:00Z`),
        latencyMs: i + 1,
        requestBytes: 10,
        responseBytes: 20,
      })),
    );
    // B: at 10:xx UTC one refusal, one timeout, one 502 from the provider.
    await scene.recordCalls(scene.systemB, [
      { startedAt: at("2026-03-10T10:05:00Z"), outcome: "refused", status: 403, latencyMs: 1 },
      { startedAt: at("2026-03-10T10:06:00Z"), outcome: "timeout", status: 504, latencyMs: 30 },
      { startedAt: at("2026-03-10T10:07:00Z"), outcome: "completed", status: 502, latencyMs: 5 },
    ]);
    admin = await createTestUser(platform, {
      organizationId: scene.provider.id,
      roles: ["org_admin"],
    });
  });
  after(() => platform.stop());

  const traffic = (query: string) =>
    platform.app.inject({
      url: `/api/v1/exchange/services/${scene.service.id}/traffic?${query}`,
      headers: admin.bearer,
    });

  it("gives hourly buckets, empty ones included, with exact percentiles and bytes", async () => {
    const response = await traffic("from=2026-03-10T08:30:00Z&to=2026-03-10T11:00:00Z");
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.scope, "all_calls");
    assert.deepEqual(
      body.buckets.map((b: { start: string; calls: number }) => [b.start, b.calls]),
      [
        ["2026-03-10T08:00:00.000Z", 0],
        ["2026-03-10T09:00:00.000Z", 100],
        ["2026-03-10T10:00:00.000Z", 3],
      ],
    );
    const nine = body.buckets[1];
    assert.equal(nine.p50Ms, 50.5);
    assert.equal(nine.p95Ms, 95.05);
    assert.ok(Math.abs(nine.p99Ms - 99.01) < 1e-9);
    assert.equal(nine.requestBytes, 1000);
    assert.equal(nine.responseBytes, 2000);
    assert.equal(nine.errors, 0);
    assert.equal(body.buckets[0].p50Ms, null);
    const ten = body.buckets[2];
    assert.deepEqual(
      [ten.refused, ten.timeout, ten.completed, ten.status4xx, ten.status5xx, ten.errors],
      [1, 1, 1, 1, 2, 2],
    );
    assert.equal(body.totals.calls, 103);
    assert.equal(body.totals.errors, 2);
  });

  it("breaks the window down per consumer system, busiest first, with its name", async () => {
    const body = (await traffic("from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z")).json();
    assert.deepEqual(
      body.consumers.map((c: { consumerSystemName: string; calls: number; errors: number }) => [
        c.consumerSystemName,
        c.calls,
        c.errors,
      ]),
      [
        ["Hệ thống A", 100, 0],
        ["Hệ thống B", 3, 2],
      ],
    );
    assert.equal(body.consumers[0].consumerSystemId, scene.systemA.id);
  });

  it("cuts days in Vietnam's time zone", async () => {
    // 17:30 UTC on the 10th is 00:30 on the 11th in Hà Nội.
    await scene.recordCalls(scene.systemA, [{ startedAt: at("2026-03-10T17:30:00Z") }]);
    const body = (
      await traffic("bucket=day&from=2026-03-09T17:00:00Z&to=2026-03-11T17:00:00Z")
    ).json();
    assert.deepEqual(
      body.buckets.map((b: { start: string; calls: number }) => [b.start, b.calls]),
      [
        ["2026-03-09T17:00:00.000Z", 103],
        ["2026-03-10T17:00:00.000Z", 1],
      ],
    );
  });
});
