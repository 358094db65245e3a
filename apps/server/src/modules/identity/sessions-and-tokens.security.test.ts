import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { findOrganizationByCode } from "../directory/index.ts";
import { createTestUser } from "./testing.ts";

const PASSWORD = "Một-mật-khẩu-đủ-dài-2026";

describe("sessions, tokens and organization scope", () => {
  let platform: Platform;
  let hanoiId: string;
  let otherProvinceId: string;
  before(async () => {
    platform = await createTestPlatform({ demo: true });
    const db = platform.ctx.db;
    hanoiId = (await findOrganizationByCode({ db, code: "000.00.05.H01" }))!.id;
    otherProvinceId = (await findOrganizationByCode({ db, code: "000.00.05.H79" }))!.id;
  });
  after(() => platform?.stop());

  it("refuses forged, revoked and malformed credentials", async () => {
    for (const authorization of ["Bearer lt_pat_forged", "Bearer ", "Basic YWRtaW46YWRtaW4="]) {
      assert.equal(
        (await platform.app.inject({ url: "/api/v1/identity/me", headers: { authorization } }))
          .statusCode,
        401,
      );
    }
    assert.equal(
      (
        await platform.app.inject({
          url: "/api/v1/identity/me",
          headers: { cookie: "lt_session=forged" },
        })
      ).statusCode,
      401,
    );
  });

  it("requires the CSRF header on cookie-authenticated writes, not on bearer ones", async () => {
    const person = await createTestUser(platform, { organizationId: hanoiId, roles: ["clerk"] });
    const { cookie, csrfToken } = await person.signIn();
    const create = (headers: Record<string, string>) =>
      platform.app.inject({
        method: "POST",
        url: "/api/v1/identity/tokens",
        headers,
        payload: { name: "csrf" },
      });
    const missing = await create({ cookie });
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().code, "csrf_failed");
    assert.equal(
      (await create({ cookie, "x-csrf-token": "x".repeat(csrfToken.length) })).json().code,
      "csrf_failed",
    );
    assert.equal((await create({ cookie, "x-csrf-token": csrfToken })).statusCode, 201);
    assert.equal((await create(person.bearer)).statusCode, 201);
    const logout = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/logout",
      headers: { cookie },
    });
    assert.equal(
      logout.json().code,
      "csrf_failed",
      "a cross-site page cannot sign the user out either",
    );
  });

  it("sets a Secure cookie when configured for https", async () => {
    const secure = await createTestPlatform({ demo: false, config: { secureCookies: true } });
    try {
      const { createOrganization } = await import("../directory/index.ts");
      const org = await createOrganization({
        db: secure.ctx.db,
        actor: { kind: "system", name: "test" },
        input: { code: "000.00.00.T01", name: "Cơ quan thử", shortName: "CQT", kind: "other" },
      });
      const person = await createTestUser(secure, { organizationId: org.id, roles: ["clerk"] });
      const response = await secure.app.inject({
        method: "POST",
        url: "/api/v1/identity/login",
        payload: { username: person.user.username, password: person.password },
      });
      assert.match(String(response.headers["set-cookie"]), /; Secure/);
      assert.match(String(response.headers["set-cookie"]), /HttpOnly/);
    } finally {
      await secure.stop();
    }
  });

  it("keeps only hashes: argon2id for passwords, SHA-256 for sessions and tokens", async () => {
    const person = await createTestUser(platform, { organizationId: hanoiId, roles: ["clerk"] });
    const { cookie } = await person.signIn();
    const db = platform.ctx.db;
    const user = await sql<{
      password_hash: string;
    }>`select password_hash from idn_users where id = ${person.user.id}`.execute(db);
    assert.match(user.rows[0]!.password_hash, /^\$argon2id\$/);
    const sessions = await sql<{
      token_hash: string;
    }>`select token_hash from idn_sessions where user_id = ${person.user.id}`.execute(db);
    assert.equal(sessions.rows.length, 1);
    assert.notEqual(sessions.rows[0]!.token_hash, cookie.split("=")[1]);
    assert.match(sessions.rows[0]!.token_hash, /^[0-9a-f]{64}$/);
    const bearer = person.bearer.authorization.slice(7);
    const tokens = await sql<{
      n: number;
    }>`select count(*)::int as n from idn_api_tokens where token_hash = ${bearer}`.execute(db);
    assert.equal(tokens.rows[0]!.n, 0);
  });

  it("stops a disabled user's sessions and tokens", async () => {
    const admin = await createTestUser(platform, {
      organizationId: hanoiId,
      roles: ["system_admin"],
    });
    const person = await createTestUser(platform, { organizationId: hanoiId, roles: ["clerk"] });
    const { cookie } = await person.signIn();
    const disable = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/identity/users/${person.user.id}`,
      headers: admin.bearer,
      payload: { status: "disabled" },
    });
    assert.equal(disable.statusCode, 200);
    assert.equal(
      (await platform.app.inject({ url: "/api/v1/identity/me", headers: person.bearer }))
        .statusCode,
      401,
    );
    assert.equal(
      (await platform.app.inject({ url: "/api/v1/identity/me", headers: { cookie } })).statusCode,
      401,
    );
  });

  it("keeps an org admin of Sở Nội vụ Hà Nội inside their own organization", async () => {
    const orgAdmin = await createTestUser(platform, {
      organizationId: hanoiId,
      roles: ["org_admin"],
    });
    const outsider = await createTestUser(platform, {
      organizationId: otherProvinceId,
      roles: ["clerk"],
    });
    const body = { displayName: "Cán bộ", roles: ["reporting_officer"], password: PASSWORD };
    const create = (payload: object) =>
      platform.app.inject({
        method: "POST",
        url: "/api/v1/identity/users",
        headers: orgAdmin.bearer,
        payload,
      });

    const elsewhere = await create({
      ...body,
      username: "ngoai.tinh",
      organizationId: otherProvinceId,
    });
    assert.equal(elsewhere.statusCode, 403);
    assert.equal(elsewhere.json().code, "forbidden");
    const escalate = await create({
      ...body,
      username: "leo.quyen",
      organizationId: hanoiId,
      roles: ["system_admin"],
    });
    assert.equal(escalate.statusCode, 403);
    assert.equal(
      (await create({ ...body, username: "dung.pham.vi", organizationId: hanoiId })).statusCode,
      201,
    );

    const own = await createTestUser(platform, { organizationId: hanoiId, roles: ["clerk"] });
    const grant = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/identity/users/${own.user.id}`,
      headers: orgAdmin.bearer,
      payload: { roles: ["system_admin"] },
    });
    assert.equal(grant.statusCode, 403);
    for (const request of [
      { method: "GET" as const, url: `/api/v1/identity/users/${outsider.user.id}` },
      {
        method: "PATCH" as const,
        url: `/api/v1/identity/users/${outsider.user.id}`,
        payload: { displayName: "Đổi tên" },
      },
      {
        method: "POST" as const,
        url: `/api/v1/identity/users/${outsider.user.id}/password`,
        payload: { password: PASSWORD },
      },
      { method: "POST" as const, url: `/api/v1/identity/users/${outsider.user.id}/unlock` },
    ]) {
      const response = await platform.app.inject({ ...request, headers: orgAdmin.bearer });
      assert.ok(
        [403, 404].includes(response.statusCode),
        `${request.method} ${request.url}: ${response.statusCode}`,
      );
    }
    const list = await platform.app.inject({
      url: "/api/v1/identity/users?limit=200",
      headers: orgAdmin.bearer,
    });
    const orgs = new Set(
      list.json().items.map((u: { organization: { id: string } }) => u.organization.id),
    );
    assert.deepEqual([...orgs], [hanoiId]);
  });

  it("does not let one person revoke another's token", async () => {
    const owner = await createTestUser(platform, { organizationId: hanoiId, roles: ["clerk"] });
    const other = await createTestUser(platform, {
      organizationId: hanoiId,
      roles: ["system_admin"],
    });
    const created = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/tokens",
      headers: owner.bearer,
      payload: { name: "mine" },
    });
    const revoke = await platform.app.inject({
      method: "DELETE",
      url: `/api/v1/identity/tokens/${created.json().id}`,
      headers: other.bearer,
    });
    assert.equal(revoke.statusCode, 404);
    const me = await platform.app.inject({
      url: "/api/v1/identity/me",
      headers: { authorization: `Bearer ${created.json().token}` },
    });
    assert.equal(me.statusCode, 200);
  });
});
