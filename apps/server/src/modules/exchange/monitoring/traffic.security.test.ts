import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestUser } from "../../identity/testing.ts";
import { createTrafficScene } from "./testing.ts";

const WINDOW = "from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z";

describe("service traffic (security)", () => {
  let platform: Platform;
  let scene: Awaited<ReturnType<typeof createTrafficScene>>;

  before(async () => {
    platform = await createTestPlatform();
    scene = await createTrafficScene(platform);
    await scene.recordCalls(scene.systemA, [
      { startedAt: new Date("2026-03-10T09:00:00Z") },
      { startedAt: new Date("2026-03-10T09:01:00Z") },
    ]);
    await scene.recordCalls(scene.systemB, [{ startedAt: new Date("2026-03-10T09:02:00Z") }]);
  });
  after(() => platform.stop());

  const traffic = (headers: Record<string, string>) =>
    platform.app.inject({
      url: `/api/v1/exchange/services/${scene.service.id}/traffic?${WINDOW}`,
      headers,
    });

  it("refuses an unauthenticated or forged caller", async () => {
    const anonymous: Record<string, string> = {};
    for (const headers of [anonymous, { authorization: "Bearer not-a-real-token" }]) {
      const response = await traffic(headers);
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().code, "unauthenticated");
    }
  });

  it("shows every call to the provider's organization and the ministry above it", async () => {
    for (const organizationId of [scene.provider.id, scene.ministry.id]) {
      const user = await createTestUser(platform, { organizationId, roles: ["org_admin"] });
      const body = (await traffic(user.bearer)).json();
      assert.equal(body.scope, "all_calls");
      assert.equal(body.totals.calls, 3);
      assert.equal(body.consumers.length, 2);
    }
  });

  it("shows a consumer only its own calls, and a stranger none", async () => {
    const consumer = await createTestUser(platform, {
      organizationId: scene.consumerA.id,
      roles: ["org_admin"],
    });
    const own = (await traffic(consumer.bearer)).json();
    assert.equal(own.scope, "own_calls");
    assert.equal(own.totals.calls, 2);
    assert.deepEqual(
      own.consumers.map((c: { consumerSystemId: string }) => c.consumerSystemId),
      [scene.systemA.id],
    );

    const stranger = await createTestUser(platform, {
      organizationId: scene.stranger.id,
      roles: ["clerk"],
    });
    const none = (await traffic(stranger.bearer)).json();
    assert.equal(none.scope, "own_calls");
    assert.equal(none.totals.calls, 0);
    assert.deepEqual(none.consumers, []);
  });
});
