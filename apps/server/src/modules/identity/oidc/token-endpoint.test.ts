import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestClient } from "./testing.ts";

/**
 * The token endpoint is answered in front of Fastify (core/http/raw-routes.ts); what every other
 * route gets from the framework must hold for it too.
 */
describe("token endpoint in front of the framework", () => {
  let platform: Platform;
  let base: string;
  let basic: string;
  before(async () => {
    platform = await createTestPlatform({ listen: true, config: { trustProxy: "127.0.0.1" } });
    base = platform.ctx.config.publicUrl;
    const organization = await createTestOrganization(platform.ctx.db);
    const machine = await createTestClient(platform, organization.id, { kind: "machine" });
    basic = `Basic ${Buffer.from(`${machine.client.clientId}:${machine.clientSecret}`).toString("base64")}`;
  });
  after(() => platform.stop());

  const tokenRequest = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/oidc/token`, {
      method: "POST",
      headers: {
        authorization: basic,
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body,
    });

  it("echoes the request id, takes the client address from a trusted proxy, and counts the request", async () => {
    const response = await tokenRequest(
      new URLSearchParams({ grant_type: "client_credentials", resource: `${base}/gw` }).toString(),
      { "x-request-id": "token-test-1", "x-forwarded-for": "203.0.113.20" },
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-request-id"), "token-test-1");
    assert.equal(response.headers.get("cache-control"), "no-store");
    const body = (await response.json()) as { token_type: string; expires_in: number };
    assert.equal(body.token_type, "Bearer");
    const [entry] = await searchAudit(platform.ctx.db, {
      action: "identity.token_issued",
      limit: 1,
    });
    assert.equal(entry!.ip, "203.0.113.20");
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(
      metrics,
      /lienthong_http_requests_total\{method="POST",route="\/oidc\/token",status="200"\} [1-9]/,
    );
  });

  it("keeps the server timeouts Fastify would set, so idle keep-alive connections outlive clients'", () => {
    assert.equal(platform.app.server.keepAliveTimeout, 72_000);
  });

  it("refuses a body over the limit with problem details and issues nothing", async () => {
    const before = await searchAudit(platform.ctx.db, { action: "identity.token", limit: 50 });
    const response = await tokenRequest(
      `grant_type=client_credentials&resource=${encodeURIComponent(`${base}/gw`)}&pad=${"x".repeat(60 * 1024)}`,
      { "accept-language": "vi" },
    );
    assert.equal(response.status, 413);
    assert.equal(response.headers.get("content-type"), "application/problem+json");
    const problem = (await response.json()) as { code: string; instance: string };
    assert.equal(problem.code, "payload_too_large");
    assert.equal(problem.instance, "/oidc/token");
    const after = await searchAudit(platform.ctx.db, { action: "identity.token", limit: 50 });
    assert.equal(after.length, before.length);
  });

  it("hands other grants and other body types to the provider", async () => {
    const json = await tokenRequest(JSON.stringify({ grant_type: "client_credentials" }), {
      "content-type": "application/json",
    });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: string }).error, "invalid_request");
    const code = await tokenRequest(
      new URLSearchParams({ grant_type: "authorization_code", code: "nope" }).toString(),
    );
    assert.equal(code.status, 400);
    const refused = (await code.json()) as { error: string; error_description: string };
    assert.equal(refused.error_description, "requested grant type is not allowed for this client");
  });
});
