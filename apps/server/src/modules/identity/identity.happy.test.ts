import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { findOrganizationByCode } from "../directory/index.ts";
import { createTestUser } from "./testing.ts";

describe("accounts and sign-in", () => {
  let platform: Platform;
  let hanoiId: string;
  before(async () => {
    platform = await createTestPlatform({
      demo: true,
      config: { demoAdminPassword: "Demo-Passw0rd-Bnv-2026!" },
    });
    hanoiId = (await findOrganizationByCode({ db: platform.ctx.db, code: "000.00.05.H01" }))!.id;
  });
  after(() => platform?.stop());

  const login = (username: string, password: string) =>
    platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/login",
      payload: { username, password },
    });

  it("signs a demo clerk in with an HTTP-only SameSite cookie and a CSRF token", async () => {
    const response = await login("vanthu", "Demo-Passw0rd-Bnv-2026!");
    assert.equal(response.statusCode, 200, response.body);
    const cookie = String(response.headers["set-cookie"]);
    assert.match(cookie, /^lt_session=[\w-]{43}; /);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const body = response.json();
    assert.equal(body.user.username, "vanthu");
    assert.deepEqual(body.user.roles, ["clerk"]);
    assert.equal(body.user.organization.code, "000.00.00.G09");
    assert.ok(body.csrfToken.length >= 40);

    const me = await platform.app.inject({
      url: "/api/v1/identity/me",
      headers: { cookie: cookie.split(";")[0]! },
    });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().csrfToken, body.csrfToken);
  });

  it("sends the demo admin, who needs a second factor, to the SSO sign-in instead", async () => {
    const response = await login("admin", "Demo-Passw0rd-Bnv-2026!");
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().signInUrl, "/auth/login");
    assert.equal(response.headers["set-cookie"], undefined);
  });

  it("stores argon2id hashes only", async () => {
    const { rows } = await sql<{
      password_hash: string;
    }>`select password_hash from idn_users where username = 'admin'`.execute(platform.ctx.db);
    assert.match(rows[0]!.password_hash, /^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it("lets a system admin create a reporting officer for a province's Department of Home Affairs", async () => {
    const admin = await createTestUser(platform, {
      organizationId: hanoiId,
      roles: ["system_admin"],
    });
    const response = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/users",
      headers: admin.bearer,
      payload: {
        username: "baocao.test",
        displayName: "Cán bộ báo cáo thử",
        organizationCode: "000.00.05.H01",
        roles: ["reporting_officer"],
        password: "Một-mật-khẩu-đủ-dài-2026",
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().organization.name, "Sở Nội vụ Thành phố Hà Nội");
    assert.equal((await login("baocao.test", "Một-mật-khẩu-đủ-dài-2026")).statusCode, 200);
    const events = await platform.app.inject({
      url: "/api/v1/audit/events?action=identity.user_created",
      headers: admin.bearer,
    });
    if (events.statusCode === 200)
      assert.ok(
        events.json().items.some((e: { targetId: string }) => e.targetId === response.json().id),
      );
  });

  it("lets an org admin manage accounts of their own organization: roles, disable, reset, unlock", async () => {
    const orgAdmin = await createTestUser(platform, {
      organizationId: hanoiId,
      roles: ["org_admin"],
    });
    const staff = await createTestUser(platform, {
      organizationId: hanoiId,
      roles: ["specialist"],
    });
    const patch = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/identity/users/${staff.user.id}`,
      headers: orgAdmin.bearer,
      payload: { roles: ["specialist", "reporting_officer"] },
    });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.deepEqual(patch.json().roles, ["specialist", "reporting_officer"]);
    const list = await platform.app.inject({
      url: `/api/v1/identity/users?q=${staff.user.username}`,
      headers: orgAdmin.bearer,
    });
    assert.deepEqual(
      list.json().items.map((u: { id: string }) => u.id),
      [staff.user.id],
    );
    const reset = await platform.app.inject({
      method: "POST",
      url: `/api/v1/identity/users/${staff.user.id}/password`,
      headers: orgAdmin.bearer,
      payload: { password: "Mật-khẩu-mới-rất-dài-99" },
    });
    assert.equal(reset.statusCode, 204);
    assert.equal((await login(staff.user.username, "Mật-khẩu-mới-rất-dài-99")).statusCode, 200);
    const disable = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/identity/users/${staff.user.id}`,
      headers: orgAdmin.bearer,
      payload: { status: "disabled" },
    });
    assert.equal(disable.json().status, "disabled");
    assert.equal(
      (await platform.app.inject({ url: "/api/v1/identity/me", headers: staff.bearer })).statusCode,
      401,
    );
  });

  it("issues, lists and revokes personal API tokens", async () => {
    const person = await createTestUser(platform, {
      organizationId: hanoiId,
      roles: ["specialist"],
    });
    const created = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/tokens",
      headers: person.bearer,
      payload: { name: "script", expiresInDays: 30 },
    });
    assert.equal(created.statusCode, 201);
    const token = created.json().token as string;
    assert.match(token, /^lt_pat_/);
    const me = await platform.app.inject({
      url: "/api/v1/identity/me",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(me.json().user.username, person.user.username);
    const list = await platform.app.inject({
      url: "/api/v1/identity/tokens",
      headers: person.bearer,
    });
    assert.equal(list.json().items.length, 2);
    assert.equal(JSON.stringify(list.json()).includes(token), false);
    const revoke = await platform.app.inject({
      method: "DELETE",
      url: `/api/v1/identity/tokens/${created.json().id}`,
      headers: person.bearer,
    });
    assert.equal(revoke.statusCode, 204);
    assert.equal(
      (
        await platform.app.inject({
          url: "/api/v1/identity/me",
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
      401,
    );
  });

  it("signs out: the session cookie stops working", async () => {
    const person = await createTestUser(platform, { organizationId: hanoiId, roles: ["clerk"] });
    const { cookie, csrfToken } = await person.signIn();
    const out = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/logout",
      headers: { cookie, "x-csrf-token": csrfToken },
    });
    assert.equal(out.statusCode, 200);
    assert.match(out.json().redirectTo, /\/oidc\/session\/end\?client_id=lienthong-web/);
    assert.equal(
      (await platform.app.inject({ url: "/api/v1/identity/me", headers: { cookie } })).statusCode,
      401,
    );
  });

  it("lists the roles with Vietnamese and English labels", async () => {
    const roles = (await platform.app.inject("/api/v1/identity/roles")).json().items;
    assert.equal(roles.length, 7);
    assert.deepEqual(roles.find((r: { id: string }) => r.id === "clerk").label, {
      vi: "Văn thư",
      en: "Clerk",
    });
  });
});
