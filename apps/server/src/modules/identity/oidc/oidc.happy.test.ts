import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import {
  CookieJar,
  createTestClient,
  follow,
  interactionUid,
  oauthError,
  postJson,
  relyingParty,
} from "./testing.ts";

describe("OpenID Connect provider (happy paths)", () => {
  let platform: Platform;
  let base: string;
  let organization: { id: string; code: string; name: string };
  let person: Awaited<ReturnType<typeof createTestUser>>;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    base = platform.ctx.config.publicUrl;
    organization = await createTestOrganization(platform.ctx.db);
    person = await createTestUser(platform, {
      organizationId: organization.id,
      roles: ["reporting_officer"],
    });
  });
  after(() => platform.stop());

  /** Signs `person` in through the interaction endpoints, as the web pages do. */
  async function authorize(
    config: oidc.Configuration,
    redirectUri: string,
    { consent = false, scope = "openid profile email org roles offline_access" } = {},
  ) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      ...(scope.includes("offline_access") ? { prompt: "consent" } : {}),
    });
    const jar = new CookieJar();
    const atClient = (u: string) => u.startsWith(redirectUri);
    let step = await follow(jar, url.toString(), atClient);
    let uid = interactionUid(step.url);
    const login = await postJson(jar, `${base}/interaction/${uid}/login`, {
      username: person.user.username,
      password: person.password,
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    step = await follow(jar, String(login.body.redirectTo), atClient);
    if (consent) {
      uid = interactionUid(step.url);
      const details = await jar.fetch(`${base}/interaction/${uid}/details`);
      const shown = (await details.json()) as { next: string; client: { name: string } };
      assert.equal(shown.next, "consent");
      const given = await postJson(jar, `${base}/interaction/${uid}/consent`);
      step = await follow(jar, String(given.body.redirectTo), atClient);
    }
    assert.ok(atClient(step.url), `ended at ${step.url}`);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(step.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    return { tokens, jar, callbackUrl: step.url, verifier };
  }

  it("publishes discovery and a JWKS with an RS256 and an ES256 key", async () => {
    const response = await fetch(`${base}/oidc/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;
    assert.equal(discovery.issuer, `${base}/oidc`);
    assert.deepEqual(discovery.code_challenge_methods_supported, ["S256"]);
    for (const scope of ["openid", "profile", "email", "offline_access", "org", "roles"])
      assert.ok((discovery.scopes_supported as string[]).includes(scope), scope);
    assert.equal(discovery.backchannel_logout_supported, true);
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as {
      keys: { alg: string; d?: string }[];
    };
    assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ["ES256", "RS256"]);
    assert.ok(
      jwks.keys.every((k) => k.d === undefined),
      "no private parts published",
    );
  });

  it("issues an LGSP access token by client credentials, as an ES256 JWT for that audience", async () => {
    const { client, clientSecret } = await createTestClient(platform, organization.id, {
      kind: "machine",
    });
    const config = await relyingParty(platform, client.clientId, clientSecret);
    const tokens = await oidc.clientCredentialsGrant(config, {
      scope: "lgsp",
      resource: `${base}/gw`,
    });
    assert.equal(tokens.token_type.toLowerCase(), "bearer");
    const jwks = createRemoteJWKSet(new URL(`${base}/oidc/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: `${base}/oidc`,
      audience: `${base}/gw`,
    });
    assert.equal(protectedHeader.alg, "ES256");
    assert.equal(payload.client_id, client.clientId);
    assert.equal(payload.scope, "lgsp");
    const audit = await searchAudit(platform.ctx.db, {
      action: "identity.token_issued",
      limit: 10,
    });
    const entry = audit.find(
      (e) => e.targetId === client.clientId && e.details.grantType === "client_credentials",
    );
    assert.ok(entry, "the token is in the audit trail");
    assert.ok((entry.details.jtis as string[]).includes(String(payload.jti)), "by its id");
  });

  it("signs a person in with code + PKCE into a first-party client without asking for consent", async () => {
    const { client, clientSecret } = await createTestClient(platform, organization.id, {
      kind: "web",
      firstParty: true,
    });
    const config = await relyingParty(platform, client.clientId, clientSecret);
    const { tokens } = await authorize(config, client.redirectUris[0]!, {
      scope: "openid profile email org roles",
    });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, person.user.id);
    assert.equal(claims.iss, `${base}/oidc`);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, person.user.id);
    assert.equal(info.preferred_username, person.user.username);
    assert.deepEqual(info.roles, ["reporting_officer"]);
    assert.deepEqual(info.org, {
      id: organization.id,
      code: organization.code,
      name: organization.name,
    });
  });

  it("asks a third-party client's user for consent, then refreshes with rotation", async () => {
    const { client, clientSecret } = await createTestClient(platform, organization.id, {
      kind: "web",
    });
    const config = await relyingParty(platform, client.clientId, clientSecret);
    const { tokens } = await authorize(config, client.redirectUris[0]!, { consent: true });
    assert.ok(tokens.refresh_token, "offline_access gives a refresh token");
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(refreshed.refresh_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token, "the refresh token rotates");
    const active = await oidc.tokenIntrospection(config, refreshed.access_token);
    assert.equal(active.active, true);
    assert.equal(active.sub, person.user.id);
  });

  it("revokes an access token and a refresh token on request", async () => {
    const { client, clientSecret } = await createTestClient(platform, organization.id, {
      kind: "web",
      firstParty: true,
    });
    const config = await relyingParty(platform, client.clientId, clientSecret);
    const { tokens } = await authorize(config, client.redirectUris[0]!, {
      scope: "openid profile offline_access",
    });
    await oidc.tokenRevocation(config, tokens.access_token);
    assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await assert.rejects(
      oidc.refreshTokenGrant(config, tokens.refresh_token!),
      oauthError("invalid_grant"),
    );
  });

  it("lets a public SPA client sign in with PKCE and no secret", async () => {
    const { client, clientSecret } = await createTestClient(platform, organization.id, {
      kind: "spa",
      firstParty: true,
    });
    assert.equal(clientSecret, null);
    const config = await relyingParty(platform, client.clientId, null);
    const { tokens } = await authorize(config, client.redirectUris[0]!, {
      scope: "openid profile",
    });
    assert.equal(decodeJwt(tokens.id_token!).aud, client.clientId);
  });
});
