import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as oidc from "openid-client";
import { decodeJwt } from "jose";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import { freePort } from "../../../core/testing/processes.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import {
  CookieJar,
  createTestClient,
  follow,
  interactionUid,
  postJson,
  relyingParty,
} from "../oidc/testing.ts";
import { createTestUser } from "../testing.ts";
import { authenticatorFor, registerTestPasskey } from "./webauthn-testing.ts";

const REDIRECT = "http://127.0.0.1:9/callback";

describe("passkeys in the SSO sign-in", () => {
  let platform: Platform;
  let base: string;
  let organizationId: string;
  let config: oidc.Configuration;

  before(async () => {
    // WebAuthn needs a domain as its RP ID, so the provider lives at localhost, not 127.0.0.1.
    const port = await freePort();
    platform = await createTestPlatform({
      listen: true,
      config: { port, publicUrl: `http://localhost:${port}` },
    });
    base = platform.ctx.config.publicUrl;
    organizationId = (await createTestOrganization(platform.ctx.db)).id;
    const { client, clientSecret } = await createTestClient(platform, organizationId, {
      kind: "web",
      firstParty: true,
      redirectUris: [REDIRECT],
    });
    config = await relyingParty(platform, client.clientId, clientSecret!);
  });
  after(() => platform.stop());

  async function signInWithPassword(person: { user: { username: string }; password: string }) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: "openid profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });
    const jar = new CookieJar();
    const uid = interactionUid((await follow(jar, url.toString(), () => false)).url);
    const login = await postJson(jar, `${base}/interaction/${uid}/login`, {
      username: person.user.username,
      password: person.password,
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const at = (step: string) => `${base}/interaction/${uid}${step}`;
    return { jar, uid, at, verifier, next: login.body.next };
  }

  async function tokensAfter(jar: CookieJar, redirectTo: unknown, verifier: string) {
    const step = await follow(jar, String(redirectTo), (u) => u.startsWith(REDIRECT));
    return oidc.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier });
  }

  it("offers the passkey after the password and signs in with it", async () => {
    const person = await createTestUser(platform, { organizationId, roles: ["clerk"] });
    const key = authenticatorFor(platform);
    await registerTestPasskey(platform, person.user.id, key);
    const { jar, at, verifier, next } = await signInWithPassword(person);
    assert.equal(next, "second_factor");
    const details = (await (await jar.fetch(at("/details"))).json()) as Record<string, unknown>;
    assert.deepEqual(details.secondFactor, { totp: false, passkey: true, passkeysAvailable: true });

    const options = await postJson(jar, at("/passkey/options"));
    assert.equal(options.status, 200, JSON.stringify(options.body));
    assert.equal(options.body.rpId, "localhost");
    const answer = await postJson(jar, at("/passkey"), {
      response: key.get(options.body as never),
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const tokens = await tokensAfter(jar, answer.body.redirectTo, verifier);
    assert.equal(decodeJwt(tokens.id_token!).sub, person.user.id);
    const verified = await searchAudit(platform.ctx.db, {
      targetId: person.user.id,
      action: "identity.second_factor_verified",
      limit: 1,
    });
    assert.equal(verified[0]!.details.method, "passkey");
  });

  it("lets an administrator without a second factor enrol a passkey while signing in", async () => {
    const admin = await createTestUser(platform, { organizationId, roles: ["org_admin"] });
    const { jar, at, verifier, next } = await signInWithPassword(admin);
    assert.equal(next, "enrol_second_factor");
    const options = await postJson(jar, at("/enrolment/passkey/options"));
    assert.equal(options.status, 200, JSON.stringify(options.body));
    const key = authenticatorFor(platform);
    const enrolled = await postJson(jar, at("/enrolment/passkey"), {
      name: "Máy tính cơ quan",
      response: key.create(options.body as never),
    });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.body));
    assert.equal((enrolled.body.recoveryCodes as string[]).length, 10);
    const tokens = await tokensAfter(jar, enrolled.body.redirectTo, verifier);
    assert.equal(decodeJwt(tokens.id_token!).sub, admin.user.id);
    const again = await postJson(jar, at("/enrolment/passkey/options"));
    assert.equal(again.status, 404, "the finished sign-in is gone");
  });

  it("does not accept a challenge of one sign-in in another, nor from another browser", async () => {
    const person = await createTestUser(platform, { organizationId, roles: ["clerk"] });
    const key = authenticatorFor(platform);
    await registerTestPasskey(platform, person.user.id, key);
    const first = await signInWithPassword(person);
    const second = await signInWithPassword(person);
    const options = await postJson(first.jar, first.at("/passkey/options"));
    const response = key.get(options.body as never);
    const crossed = await postJson(second.jar, second.at("/passkey"), { response });
    assert.equal(crossed.status, 401);
    assert.equal(crossed.body.code, "invalid_second_factor");
    const stranger = await postJson(new CookieJar(), first.at("/passkey"), { response });
    assert.equal(stranger.status, 404);
    const own = await postJson(first.jar, first.at("/passkey"), { response });
    assert.equal(own.status, 200, JSON.stringify(own.body));
  });
});
