import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as oidc from "openid-client";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization, systemActor } from "../../directory/testing.ts";
import { enrolTestTotp } from "../mfa/testing.ts";
import { createTestUser } from "../testing.ts";
import { updateClient } from "./clients.ts";
import { resourceServers } from "./provider.ts";
import {
  CookieJar,
  createTestClient,
  follow,
  interactionUid,
  oauthError,
  postJson,
  relyingParty,
} from "./testing.ts";

const REDIRECT = "http://127.0.0.1:9/callback";

describe("OpenID Connect provider (refusals)", () => {
  let platform: Platform;
  let base: string;
  let organizationId: string;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    base = platform.ctx.config.publicUrl;
    organizationId = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform.stop());

  const rp = (clientId: string, secret: string) => relyingParty(platform, clientId, secret);

  /** Starts an authorization request and returns the jar and the interaction uid. */
  async function startSignIn(config: oidc.Configuration, extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: "openid profile offline_access",
      prompt: "consent",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      ...extra,
    });
    const jar = new CookieJar();
    const step = await follow(jar, url.toString(), (u) => u.startsWith(REDIRECT));
    return {
      jar,
      verifier,
      step,
      uid: step.url.includes("/interaction/") ? interactionUid(step.url) : "",
    };
  }

  async function signedInCode(config: oidc.Configuration, username: string, password: string) {
    const { jar, verifier, uid } = await startSignIn(config);
    const login = await postJson(jar, `${base}/interaction/${uid}/login`, { username, password });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const step = await follow(jar, String(login.body.redirectTo), (u) => u.startsWith(REDIRECT));
    return { callback: new URL(step.url), verifier };
  }

  async function firstPartyClient() {
    return createTestClient(platform, organizationId, {
      kind: "web",
      firstParty: true,
      redirectUris: [REDIRECT],
    });
  }

  it("refuses a redirect URI that is not registered exactly, without redirecting", async () => {
    const { client, clientSecret } = await firstPartyClient();
    const config = await rp(client.clientId, clientSecret!);
    for (const redirect of [
      `${REDIRECT}/extra`,
      "http://127.0.0.1:9/callback?x=1",
      "http://evil.example/cb",
    ]) {
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirect,
        scope: "openid",
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: "S256",
      });
      const response = await fetch(url, { redirect: "manual" });
      assert.equal(response.status, 400, redirect);
      assert.equal(response.headers.get("location"), null);
      assert.match(await response.text(), /không khớp|redirect_uri/);
    }
  });

  it("refuses an authorization request without a PKCE challenge", async () => {
    const { client, clientSecret } = await firstPartyClient();
    const config = await rp(client.clientId, clientSecret!);
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: "openid" });
    const response = await fetch(url, { redirect: "manual" });
    const location = new URL(response.headers.get("location")!);
    assert.equal(location.origin + location.pathname, REDIRECT);
    assert.equal(location.searchParams.get("error"), "invalid_request");
    assert.match(location.searchParams.get("error_description") ?? "", /PKCE/);
  });

  it("refuses a code exchange without the PKCE verifier, and a reused code revokes what it gave", async () => {
    const { client, clientSecret } = await firstPartyClient();
    const person = await createTestUser(platform, { organizationId, roles: ["clerk"] });
    const config = await rp(client.clientId, clientSecret!);
    const first = await signedInCode(config, person.user.username, person.password);
    await assert.rejects(
      oidc.authorizationCodeGrant(config, first.callback, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        idTokenExpected: true,
      }),
      oauthError("invalid_grant"),
    );
    const second = await signedInCode(config, person.user.username, person.password);
    const tokens = await oidc.authorizationCodeGrant(config, second.callback, {
      pkceCodeVerifier: second.verifier,
    });
    assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, true);
    await assert.rejects(
      oidc.authorizationCodeGrant(config, second.callback, { pkceCodeVerifier: second.verifier }),
      oauthError("invalid_grant"),
    );
    assert.equal(
      (await oidc.tokenIntrospection(config, tokens.access_token)).active,
      false,
      "reusing a code revokes the tokens issued for it",
    );
  });

  it("detects a reused rotated refresh token and revokes the whole family", async () => {
    const { client, clientSecret } = await firstPartyClient();
    const person = await createTestUser(platform, { organizationId, roles: ["clerk"] });
    const config = await rp(client.clientId, clientSecret!);
    const { callback, verifier } = await signedInCode(
      config,
      person.user.username,
      person.password,
    );
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
    });
    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    // Force rotation for a confidential client: the provider rotates when asked to by policy.
    assert.ok(rotated.refresh_token);
    await assert.rejects(
      oidc.refreshTokenGrant(config, tokens.refresh_token!),
      oauthError("invalid_grant"),
    );
    await assert.rejects(
      oidc.refreshTokenGrant(config, rotated.refresh_token!),
      oauthError("invalid_grant"),
      "the newest refresh token of the family is dead too",
    );
    assert.equal((await oidc.tokenIntrospection(config, rotated.access_token)).active, false);
    const refused = await searchAudit(platform.ctx.db, {
      action: "identity.token_refused",
      targetId: client.clientId,
      limit: 10,
    });
    assert.ok(
      refused.some(
        (e) => e.details.grantType === "refresh_token" && e.details.error === "invalid_grant",
      ),
    );
  });

  it("refuses a wrong client secret, a disabled client and a resource the client may not use", async () => {
    const machine = await createTestClient(platform, organizationId, { kind: "machine" });
    const wrong = await rp(machine.client.clientId, `${machine.clientSecret!}x`);
    await assert.rejects(
      oidc.clientCredentialsGrant(wrong, { scope: "lgsp", resource: `${base}/gw` }),
      oauthError("invalid_client"),
    );
    const other = await createTestClient(platform, organizationId, {
      kind: "machine",
      resources: [],
    });
    const config = await rp(other.client.clientId, other.clientSecret!);
    await assert.rejects(
      oidc.clientCredentialsGrant(config, { scope: "lgsp", resource: `${base}/gw` }),
      oauthError("invalid_target"),
    );
    const right = await rp(machine.client.clientId, machine.clientSecret!);
    await oidc.clientCredentialsGrant(right, { scope: "lgsp", resource: `${base}/gw` });
    await updateClient({
      db: platform.ctx.db,
      resourceServers: resourceServers(platform.ctx.config),
      actor: systemActor,
      id: machine.client.id,
      patch: { status: "disabled" },
    });
    await assert.rejects(
      oidc.clientCredentialsGrant(right, { scope: "lgsp", resource: `${base}/gw` }),
      oauthError("invalid_client"),
    );
  });

  it("refuses the password step of a locked account, and a wrong second-factor code", async () => {
    const { client, clientSecret } = await firstPartyClient();
    const config = await rp(client.clientId, clientSecret!);
    const person = await createTestUser(platform, { organizationId, roles: ["clerk"] });
    for (let i = 0; i < 5; i += 1) {
      const { jar, uid } = await startSignIn(config);
      const wrong = await postJson(jar, `${base}/interaction/${uid}/login`, {
        username: person.user.username,
        password: "not-the-password",
      });
      assert.ok([401, 423].includes(wrong.status));
    }
    const { jar, uid } = await startSignIn(config);
    const locked = await postJson(jar, `${base}/interaction/${uid}/login`, {
      username: person.user.username,
      password: person.password,
    });
    assert.equal(locked.status, 423);
    assert.equal(locked.body.code, "account_locked");

    const admin = await createTestUser(platform, { organizationId, roles: ["org_admin"] });
    await enrolTestTotp(platform, admin.user.id);
    const second = await startSignIn(config);
    const login = await postJson(second.jar, `${base}/interaction/${second.uid}/login`, {
      username: admin.user.username,
      password: admin.password,
    });
    assert.deepEqual(login.body, { next: "second_factor" });
    const badCode = await postJson(second.jar, `${base}/interaction/${second.uid}/second-factor`, {
      code: "000000",
    });
    assert.equal(badCode.status, 401);
    assert.equal(badCode.body.code, "invalid_second_factor");
    const details = await second.jar.fetch(`${base}/interaction/${second.uid}/details`);
    assert.equal(
      ((await details.json()) as { next: string }).next,
      "second_factor",
      "still waiting",
    );
  });

  it("does not skip the second factor by jumping to another step or another interaction", async () => {
    const { client, clientSecret } = await firstPartyClient();
    const config = await rp(client.clientId, clientSecret!);
    const admin = await createTestUser(platform, { organizationId, roles: ["security_operator"] });
    await enrolTestTotp(platform, admin.user.id);
    const { jar, uid } = await startSignIn(config);
    await postJson(jar, `${base}/interaction/${uid}/login`, {
      username: admin.user.username,
      password: admin.password,
    });
    const consent = await postJson(jar, `${base}/interaction/${uid}/consent`);
    assert.equal(consent.status, 409, "consent before login is complete is refused");
    const enrol = await postJson(jar, `${base}/interaction/${uid}/enrolment`);
    assert.equal(enrol.status, 409, "an enrolled account cannot enrol again mid-sign-in");
    const stranger = new CookieJar();
    const elsewhere = await postJson(stranger, `${base}/interaction/${uid}/second-factor`, {
      code: "123456",
    });
    assert.equal(elsewhere.status, 404, "the interaction belongs to the browser that started it");
  });
});
