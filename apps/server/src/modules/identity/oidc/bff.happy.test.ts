import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { decodeJwt } from "jose";
import * as oidc from "openid-client";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import { signInOverHttp } from "../../../core/testing/processes.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import {
  CookieJar,
  createTestClient,
  follow,
  interactionUid,
  postJson,
  relyingParty,
} from "./testing.ts";

/** A second application's back-channel logout endpoint: records each logout token it receives. */
async function logoutReceiver() {
  const tokens: string[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const token = new URLSearchParams(body).get("logout_token");
      if (token) tokens.push(token);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backchannel-logout`;
  return { url, tokens, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("the web app signs in through its own provider (happy paths)", () => {
  let platform: Platform;
  let base: string;
  let organizationId: string;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    base = platform.ctx.config.publicUrl;
    organizationId = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform.stop());

  it("opens an HTTP-only web session after the SSO pages, with the tokens kept on the server", async () => {
    const person = await createTestUser(platform, { organizationId, roles: ["clerk"] });
    const headers = await signInOverHttp(base, {
      username: person.user.username,
      password: person.password,
    });
    const me = await fetch(`${base}/api/v1/identity/me`, { headers: { cookie: headers.cookie } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { user: { id: string } }).user.id, person.user.id);
    assert.match(headers.cookie, /lt_session=/);
    const opened = await searchAudit(platform.ctx.db, {
      action: "identity.session_opened",
      targetId: person.user.id,
      limit: 5,
    });
    assert.equal(opened.length, 1);
    assert.equal(opened[0]!.details.via, "sso");
  });

  it("makes an administrator enrol an authenticator on the first sign-in, then asks for it", async () => {
    const admin = await createTestUser(platform, { organizationId, roles: ["org_admin"] });
    const account = { username: admin.user.username, password: admin.password } as {
      username: string;
      password: string;
      totpSecret?: string;
      recoveryCodes?: string[];
    };
    await signInOverHttp(base, account);
    assert.ok(account.totpSecret, "an authenticator was enrolled during the sign-in");
    assert.equal(account.recoveryCodes?.length, 10);
    const again = await signInOverHttp(base, account);
    assert.equal(account.recoveryCodes?.length, 9, "the second sign-in needed a second factor");
    const me = await fetch(`${base}/api/v1/identity/me`, { headers: { cookie: again.cookie } });
    assert.equal(me.status, 200);
  });

  it("signs in to a second application without asking again, and signing out of it signs out of both", async () => {
    const person = await createTestUser(platform, { organizationId, roles: ["specialist"] });
    const receiver = await logoutReceiver();
    try {
      const { client, clientSecret } = await createTestClient(platform, organizationId, {
        kind: "web",
        firstParty: true,
        backchannelLogoutUri: receiver.url,
        redirectUris: ["http://127.0.0.1:9/callback"],
        postLogoutRedirectUris: ["http://127.0.0.1:9/signed-out"],
      });
      // Signed in to the platform in this "browser".
      const jar = new CookieJar();
      const home = (u: string) => u === `${base}/` || u.startsWith("http://127.0.0.1:9/");
      let step = await follow(jar, `${base}/auth/login?returnTo=/`, home);
      const login = await postJson(jar, `${base}/interaction/${interactionUid(step.url)}/login`, {
        username: person.user.username,
        password: person.password,
      });
      step = await follow(jar, String(login.body.redirectTo), home);
      assert.equal(step.url, `${base}/`);
      assert.equal((await jar.fetch(`${base}/api/v1/identity/me`)).status, 200);

      // The second application: straight back with a code, no sign-in page.
      const config = await relyingParty(platform, client.clientId, clientSecret);
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: "http://127.0.0.1:9/callback",
        scope: "openid profile",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      step = await follow(jar, url.toString(), home);
      assert.match(step.url, /^http:\/\/127\.0\.0\.1:9\/callback\?code=/, "no second prompt");
      const tokens = await oidc.authorizationCodeGrant(config, new URL(step.url), {
        pkceCodeVerifier: verifier,
      });
      const sid = tokens.claims()!.sid;
      assert.ok(sid);

      // Sign out from the second application (RP-initiated logout), confirming on the provider's page.
      const end = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: "http://127.0.0.1:9/signed-out",
      });
      const page = await jar.fetch(end.toString());
      const html = await page.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(action && xsrf, "the provider asks to confirm the sign-out");
      const confirmed = await jar.fetch(new URL(action.replaceAll("&amp;", "&"), base).toString(), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
      });
      assert.equal(confirmed.status, 303);
      assert.equal(confirmed.headers.get("location"), "http://127.0.0.1:9/signed-out");

      // Both applications were told over the back channel; the platform's web session is gone.
      const deadline = Date.now() + 5000;
      while (receiver.tokens.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(decodeJwt(receiver.tokens[0]!).sid, sid);
      while ((await jar.fetch(`${base}/api/v1/identity/me`)).status !== 401) {
        assert.ok(Date.now() < deadline, "the platform session ended");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await receiver.close();
    }
  });

  it("returns only to local paths after sign-in", async () => {
    for (const returnTo of ["//evil.example", "https://evil.example/", "/\\evil.example"]) {
      const response = await fetch(`${base}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, {
        redirect: "manual",
      });
      assert.equal(response.status, 303);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith("lt_auth="));
      assert.ok(cookie, "the flow cookie is set");
      assert.ok(!cookie.includes("evil"), "the return path is sealed, not echoed");
    }
  });
});
