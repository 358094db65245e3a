import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestUser } from "../../identity/testing.ts";
import { createTrafficScene } from "./testing.ts";

describe("service traffic (errors)", () => {
  let platform: Platform;
  let scene: Awaited<ReturnType<typeof createTrafficScene>>;
  let admin: { bearer: Record<string, string> };

  before(async () => {
    platform = await createTestPlatform();
    scene = await createTrafficScene(platform);
    admin = await createTestUser(platform, {
      organizationId: scene.provider.id,
      roles: ["org_admin"],
    });
  });
  after(() => platform.stop());

  const get = (id: string, query: string) =>
    platform.app.inject({
      url: `/api/v1/exchange/services/${id}/traffic?${query}`,
      headers: { ...admin.bearer, "accept-language": "en" },
    });

  it("refuses a window that ends before it starts", async () => {
    const response = await get(
      scene.service.id,
      "from=2026-03-10T10:00:00Z&to=2026-03-10T09:00:00Z",
    );
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, "validation_failed");
    assert.match(response.json().detail, /before/);
  });

  it("refuses a window of more than 800 hourly buckets, but takes it by day", async () => {
    const window = "from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z";
    const byHour = await get(scene.service.id, window);
    assert.equal(byHour.statusCode, 400);
    assert.match(byHour.json().detail, /at most 800/);
    const byDay = await get(scene.service.id, `${window}&bucket=day`);
    assert.equal(byDay.statusCode, 200);
    assert.equal(byDay.json().buckets.length, 60);
  });

  it("refuses an unknown bucket size or a malformed time", async () => {
    for (const query of ["bucket=week", "from=yesterday", "extra=1"]) {
      const response = await get(scene.service.id, query);
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.json().code, "validation_failed");
    }
  });

  it("answers not_found for an unknown service or a malformed id", async () => {
    for (const id of ["0190f0a0-0000-7000-8000-000000000000", "not-a-uuid"]) {
      const response = await get(id, "");
      assert.equal(response.statusCode, 404, id);
      assert.equal(response.json().code, "not_found");
    }
  });
});
