import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "./core/testing/platform.ts";
import type { Platform } from "./platform.ts";

describe("problem details for bad input", () => {
  let platform: Platform;
  before(async () => {
    platform = await createTestPlatform({ config: { bodyLimit: 2048 } });
  });
  after(() => platform.stop());

  const post = (payload: string, headers: Record<string, string> = {}) =>
    platform.app.inject({
      method: "POST",
      url: "/api/v1/platform/seed",
      payload,
      headers: { "content-type": "application/json", ...headers },
    });

  it("answers an unknown API path with a Vietnamese 404 problem", async () => {
    const response = await platform.app.inject("/api/v1/khong-co");
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers["content-type"], "application/problem+json; charset=utf-8");
    const body = response.json();
    assert.equal(body.code, "not_found");
    assert.equal(body.title, "Không tìm thấy");
    assert.equal(body.type, "urn:lienthong:problem:not_found");
    assert.equal(body.requestId, response.headers["x-request-id"]);
  });

  it("speaks English when asked", async () => {
    const response = await platform.app.inject({
      url: "/api/v1/khong-co",
      headers: { "accept-language": "en-US,en;q=0.9" },
    });
    assert.equal(response.json().title, "Not found");
  });

  it("refuses malformed JSON", async () => {
    const response = await post("{ not json");
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, "malformed_json");
  });

  it("refuses a body over the limit", async () => {
    const response = await post(JSON.stringify({ demo: false, pad: "x".repeat(4096) }));
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().code, "payload_too_large");
  });

  it("refuses an unsupported content type", async () => {
    const response = await post("demo=true", {
      "content-type": "application/x-www-form-urlencoded",
    });
    assert.equal(response.statusCode, 415);
    assert.equal(response.json().code, "unsupported_media_type");
  });

  it("refuses the platform's admin actions to anonymous callers, without stack traces", async () => {
    const response = await post(JSON.stringify({ demo: false }));
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().code, "unauthenticated");
    assert.doesNotMatch(response.body, /at .*\.ts:\d+/);
  });
});
