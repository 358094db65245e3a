import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "./core/audit.ts";
import { createTestPlatform } from "./core/testing/platform.ts";
import type { Platform } from "./platform.ts";

describe("behind a reverse proxy (TRUST_PROXY)", () => {
  let platform: Platform;
  before(async () => {
    platform = await createTestPlatform({ config: { trustProxy: "127.0.0.1" } });
  });
  after(() => platform.stop());

  it("takes the client address from X-Forwarded-For set by a trusted proxy", async () => {
    const response = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/login",
      remoteAddress: "127.0.0.1",
      headers: { "x-forwarded-for": "203.0.113.9" },
      payload: { username: "khong.co.ai", password: "sai-mat-khau" },
    });
    assert.equal(response.statusCode, 401);
    const [entry] = await searchAudit(platform.ctx.db, {
      action: "identity.sign_in_failed",
      limit: 1,
    });
    assert.equal(entry!.ip, "203.0.113.9");
  });

  it("ignores X-Forwarded-For from an address that is not a trusted proxy", async () => {
    await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/login",
      remoteAddress: "198.51.100.7",
      headers: { "x-forwarded-for": "203.0.113.10" },
      payload: { username: "khong.co.ai", password: "sai-mat-khau" },
    });
    const [entry] = await searchAudit(platform.ctx.db, {
      action: "identity.sign_in_failed",
      limit: 1,
    });
    assert.equal(entry!.ip, "198.51.100.7");
  });
});
