import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_RETRY, delayBeforeRetry, retryAfterMs } from "./retry.ts";
import { ClientCredentialsTokens } from "./token-source.ts";

/** A token endpoint in memory: counts requests, answers with the lifetime it is told. */
function tokenEndpoint(expiresIn: number) {
  const requests: { authorization: string; body: URLSearchParams }[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    requests.push({
      authorization: new Headers(init?.headers).get("authorization")!,
      body: new URLSearchParams(String(init?.body)),
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    return Response.json({
      access_token: `token-${requests.length}`,
      expires_in: expiresIn,
      token_type: "Bearer",
    });
  };
  return { requests, fetch };
}

const options = (fetch: typeof globalThis.fetch) => ({
  tokenUrl: "http://127.0.0.1:9/oidc/token",
  resource: "http://127.0.0.1:9/gw",
  clientId: "hệ thống:1",
  clientSecret: "bí mật+/=",
  scope: "lgsp",
  fetch,
  retry: { ...DEFAULT_RETRY, baseDelayMs: 1 },
});

describe("client-credentials tokens", () => {
  it("sends the client's id and secret form-encoded in HTTP Basic, and the LGSP as resource", async () => {
    const endpoint = tokenEndpoint(300);
    await new ClientCredentialsTokens(options(endpoint.fetch)).token();
    const [request] = endpoint.requests;
    const basic = Buffer.from(request!.authorization.slice(6), "base64").toString();
    assert.equal(basic, `${encodeURIComponent("hệ thống:1")}:${encodeURIComponent("bí mật+/=")}`);
    assert.equal(request!.body.get("grant_type"), "client_credentials");
    assert.equal(request!.body.get("resource"), "http://127.0.0.1:9/gw");
    assert.equal(request!.body.get("scope"), "lgsp");
  });

  it("renews a token shortly before it expires, and shares the request in flight", async () => {
    const endpoint = tokenEndpoint(1);
    const tokens = new ClientCredentialsTokens(options(endpoint.fetch));
    const first = await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    assert.deepEqual(first, ["token-1", "token-1", "token-1"]);
    assert.equal(await tokens.token(), "token-1");
    await new Promise((resolve) => setTimeout(resolve, 950));
    assert.equal(await tokens.token(), "token-2", "renewed a tenth of its lifetime early");
    tokens.invalidate("token-1");
    assert.equal(await tokens.token(), "token-2", "a newer token survives an old one's refusal");
    tokens.invalidate("token-2");
    assert.equal(await tokens.token(), "token-3");
    assert.equal(endpoint.requests.length, 3);
  });
});

describe("retry timing", () => {
  it("reads Retry-After as seconds or as a date", () => {
    assert.equal(retryAfterMs("3"), 3000);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs("soon"), undefined);
    const now = Date.parse("2026-11-28T05:00:00Z");
    assert.equal(retryAfterMs("Sat, 28 Nov 2026 05:00:10 GMT", now), 10_000);
    assert.equal(retryAfterMs("Sat, 28 Nov 2026 04:00:00 GMT", now), 0);
  });

  it("backs off exponentially within bounds, and gives up on a longer Retry-After", () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
      const wait = delayBeforeRetry(policy, attempt)!;
      assert.ok(wait >= ceiling / 2 && wait <= ceiling, `attempt ${attempt}: ${wait}`);
    }
    assert.ok(delayBeforeRetry(policy, 1, 800)! >= 800);
    assert.equal(delayBeforeRetry(policy, 1, 1001), undefined);
  });
});
