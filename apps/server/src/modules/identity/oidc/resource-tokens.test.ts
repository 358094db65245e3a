import assert from "node:assert/strict";
import { sign } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization, systemActor } from "../../directory/testing.ts";
import { resourceServers } from "./provider.ts";
import { updateClient } from "./clients.ts";
import { createResourceTokenVerifier, gatewayResource } from "./resource-tokens.ts";
import { oidcRuntimeOf } from "./runtime.ts";
import { createTestClient } from "./testing.ts";

describe("LGSP access tokens checked by a resource server", () => {
  let platform: Platform;
  let base: string;
  let machine: Awaited<ReturnType<typeof createTestClient>>;
  let verifyToken: ReturnType<typeof createResourceTokenVerifier>;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    base = platform.ctx.config.publicUrl;
    const organization = await createTestOrganization(platform.ctx.db);
    machine = await createTestClient(platform, organization.id, { kind: "machine" });
    verifyToken = createResourceTokenVerifier(platform.ctx);
  });
  after(() => platform.stop());

  async function issuedToken(): Promise<string> {
    const response = await fetch(`${base}/oidc/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${machine.client.clientId}:${machine.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        scope: "lgsp",
        resource: `${base}/gw`,
      }).toString(),
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  /** A token signed with the provider's own key, with claims the provider would never issue. */
  function forged(claims: Record<string, unknown>): string {
    const key = oidcRuntimeOf(platform.ctx).accessTokenKey()!;
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const header = b64({ alg: "ES256", typ: "at+jwt", kid: key.kid });
    const payload = b64({
      jti: "forged",
      iss: `${base}/oidc`,
      aud: `${base}/gw`,
      client_id: machine.client.clientId,
      iat: now,
      exp: now + 600,
      ...claims,
    });
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), {
      key: key.key,
      dsaEncoding: "ieee-p1363",
    }).toString("base64url");
    return `${header}.${payload}.${signature}`;
  }

  it("accepts a token from the token endpoint and names the client's information system", async () => {
    const result = await verifyToken(`Bearer ${await issuedToken()}`);
    assert.ok("caller" in result, JSON.stringify(result));
    assert.equal(result.caller.clientId, machine.client.clientId);
    assert.equal(result.caller.systemId, machine.client.informationSystemId);
    assert.deepEqual(result.caller.scope, ["lgsp"]);
    assert.ok(result.caller.expiresAt.getTime() > Date.now());
    assert.equal(
      gatewayResource(platform.ctx),
      resourceServers(platform.ctx.config)[0]!.identifier,
    );
  });

  it("refuses missing, malformed, altered, foreign, expired and misdirected tokens", async () => {
    const good = await issuedToken();
    const [h, p, s] = good.split(".") as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...payload, client_id: "other" })).toString(
      "base64url",
    );
    const cases: [string | undefined, string][] = [
      [undefined, "missing"],
      ["Basic abc", "missing"],
      ["Bearer abc.def", "malformed"],
      ["Bearer !!.!!.!!", "malformed"],
      [`Bearer ${h}.${altered}.${s}`, "bad_signature"],
      [`Bearer ${h}.${p}.${s.slice(0, -4)}AAAA`, "bad_signature"],
      [`Bearer ${forged({ iss: "https://elsewhere.example/oidc" })}`, "wrong_issuer"],
      [`Bearer ${forged({ aud: `${base}/other` })}`, "wrong_audience"],
      [`Bearer ${forged({ exp: Math.floor(Date.now() / 1000) - 120 })}`, "expired"],
      [`Bearer ${forged({ nbf: Math.floor(Date.now() / 1000) + 3600 })}`, "expired"],
      [`Bearer ${forged({ client_id: "no-such-client" })}`, "client_inactive"],
    ];
    for (const [authorization, reason] of cases)
      assert.deepEqual(await verifyToken(authorization), { refused: reason }, authorization);
  });

  it("refuses the tokens of a client once an administrator disables it", async () => {
    const token = await issuedToken();
    assert.ok("caller" in (await verifyToken(`Bearer ${token}`)));
    await updateClient({
      db: platform.ctx.db,
      resourceServers: resourceServers(platform.ctx.config),
      actor: systemActor,
      id: machine.client.id,
      patch: { status: "disabled" },
    });
    assert.deepEqual(await verifyToken(`Bearer ${token}`), { refused: "client_inactive" });
  });
});
