import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as oidc from "openid-client";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import { signInOverHttp } from "../../core/testing/processes.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import {
  CookieJar,
  createTestClient,
  follow,
  interactionUid,
  postJson,
  relyingParty,
} from "./oidc/testing.ts";
import { createTestUser } from "./testing.ts";

describe("account self-service", () => {
  let platform: Platform;
  let base: string;
  let organizationId: string;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    base = platform.ctx.config.publicUrl;
    organizationId = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform.stop());

  const api = (headers: Record<string, string>, method: string, path: string, body?: unknown) => {
    const rest = { ...headers };
    delete rest["content-type"];
    return fetch(`${base}/api/v1/identity${path}`, {
      method,
      headers: { ...rest, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };

  it("updates the profile and changes the password, ending the other sessions", async () => {
    const person = await createTestUser(platform, { organizationId, roles: ["specialist"] });
    const account = { username: person.user.username, password: person.password };
    const laptop = await signInOverHttp(base, account);
    const phone = await signInOverHttp(base, account);
    const profile = await api(laptop, "PATCH", "/me", {
      displayName: "Nguyễn Thị Hoa",
      email: "hoa@noivu.gov.vn",
    });
    assert.equal(profile.status, 200);
    assert.equal(((await profile.json()) as { displayName: string }).displayName, "Nguyễn Thị Hoa");

    const sessions = (await (await api(laptop, "GET", "/me/sessions")).json()) as {
      items: { id: string; current: boolean; via: string }[];
    };
    assert.equal(sessions.items.length, 2);
    assert.equal(sessions.items.filter((s) => s.current).length, 1);
    assert.ok(sessions.items.every((s) => s.via === "sso"));

    const wrong = await api(laptop, "POST", "/me/password", {
      currentPassword: "not-it",
      newPassword: "Hoa-Mai-Dao-Cuc-2026!",
    });
    assert.equal(wrong.status, 401);
    const weak = await api(laptop, "POST", "/me/password", {
      currentPassword: person.password,
      newPassword: "password123",
    });
    assert.equal(weak.status, 422);
    const changed = await api(laptop, "POST", "/me/password", {
      currentPassword: person.password,
      newPassword: "Hoa-Mai-Dao-Cuc-2026!",
    });
    assert.equal(changed.status, 204);
    assert.equal((await api(laptop, "GET", "/me")).status, 200, "this session stays");
    assert.equal((await api(phone, "GET", "/me")).status, 401, "the other one ended");
    const audit = await searchAudit(platform.ctx.db, {
      targetId: person.user.id,
      action: "identity.password_changed",
      limit: 1,
    });
    assert.equal(audit.length, 1);
  });

  it("ends one device's session", async () => {
    const person = await createTestUser(platform, { organizationId, roles: ["clerk"] });
    const account = { username: person.user.username, password: person.password };
    const laptop = await signInOverHttp(base, account);
    const phone = await signInOverHttp(base, account);
    const { items } = (await (await api(laptop, "GET", "/me/sessions")).json()) as {
      items: { id: string; current: boolean }[];
    };
    const other = items.find((s) => !s.current)!;
    assert.equal((await api(laptop, "DELETE", `/me/sessions/${other.id}`)).status, 204);
    assert.equal((await api(phone, "GET", "/me")).status, 401);
    assert.equal((await api(laptop, "DELETE", `/me/sessions/${other.id}`)).status, 404);
    assert.equal((await api(laptop, "DELETE", "/me/sessions/not-a-session")).status, 404);
  });

  it("signs out everywhere: web sessions, SSO sessions and applications' tokens", async () => {
    const person = await createTestUser(platform, { organizationId, roles: ["leader"] });
    const { client, clientSecret } = await createTestClient(platform, organizationId, {
      kind: "web",
      firstParty: true,
    });
    const config = await relyingParty(platform, client.clientId, clientSecret);
    const jar = new CookieJar();
    const redirect = client.redirectUris[0]!;
    const verifier = oidc.randomPKCECodeVerifier();
    let step = await follow(
      jar,
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: redirect,
          scope: "openid profile offline_access",
          prompt: "consent",
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
        })
        .toString(),
      (u) => u.startsWith(redirect),
    );
    const login = await postJson(jar, `${base}/interaction/${interactionUid(step.url)}/login`, {
      username: person.user.username,
      password: person.password,
    });
    step = await follow(jar, String(login.body.redirectTo), (u) => u.startsWith(redirect));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(step.url), {
      pkceCodeVerifier: verifier,
    });
    const web = await signInOverHttp(base, {
      username: person.user.username,
      password: person.password,
    });
    const apps = (await (await api(web, "GET", "/me/applications")).json()) as {
      items: { clientId: string; scopes: string[] }[];
    };
    assert.ok(
      apps.items.some((a) => a.clientId === client.clientId && a.scopes.includes("openid")),
    );

    const out = await api(web, "POST", "/me/sign-out-everywhere");
    assert.equal(out.status, 200);
    assert.match(((await out.json()) as { redirectTo: string }).redirectTo, /\/oidc\/session\/end/);
    assert.equal((await api(web, "GET", "/me")).status, 401);
    assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!));
    const again = await follow(
      jar,
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: redirect,
          scope: "openid",
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
        })
        .toString(),
      (u) => u.startsWith(redirect),
    );
    assert.match(again.url, /\/interaction\//, "the SSO session is gone: the provider asks again");
  });

  it("refuses every account route without a session", async () => {
    for (const [method, path, body] of [
      ["PATCH", "/me", { displayName: "Kẻ lạ" }],
      ["POST", "/me/password", { currentPassword: "a", newPassword: "b" }],
      ["GET", "/me/sessions"],
      ["DELETE", "/me/sessions/abc"],
      ["POST", "/me/sign-out-everywhere"],
      ["GET", "/me/applications"],
      ["DELETE", "/me/applications/x"],
    ] as const) {
      const response = await api({}, method, path, body);
      assert.equal(response.status, 401, `${method} ${path}`);
    }
  });

  it("refuses a cookie-authenticated change without the CSRF token", async () => {
    const person = await createTestUser(platform, { organizationId, roles: ["clerk"] });
    const web = await signInOverHttp(base, {
      username: person.user.username,
      password: person.password,
    });
    const response = await api({ cookie: web.cookie }, "POST", "/me/sign-out-everywhere");
    assert.equal(response.status, 403);
    assert.equal((await api(web, "GET", "/me")).status, 200, "nothing changed");
  });
});
