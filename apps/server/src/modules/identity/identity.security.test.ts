import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "./testing.ts";

describe("identity security", () => {
  let platform: Platform;
  let orgA: string;
  let orgB: string;
  before(async () => {
    platform = await createTestPlatform();
    orgA = (await createTestOrganization(platform.ctx.db)).id;
    orgB = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform?.stop());

  const login = (username: string, password: string, ip = "10.1.1.1") =>
    platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/login",
      payload: { username, password },
      remoteAddress: ip,
    });

  it("refuses a cookie-authenticated write without the CSRF token, and accepts it with the token", async () => {
    const admin = await createTestUser(platform, { organizationId: orgA, roles: ["org_admin"] });
    const { cookie, csrfToken } = await admin.signIn();
    const payload = { name: "csrf" };
    const without = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/tokens",
      headers: { cookie },
      payload,
    });
    assert.equal(without.statusCode, 403);
    assert.equal(without.json().code, "csrf_failed");
    const wrong = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/tokens",
      headers: { cookie, "x-csrf-token": "x".repeat(43) },
      payload,
    });
    assert.equal(wrong.statusCode, 403);
    const right = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/tokens",
      headers: { cookie, "x-csrf-token": csrfToken },
      payload,
    });
    assert.equal(right.statusCode, 201);
  });

  it("answers unknown user and wrong password alike, in Vietnamese", async () => {
    const person = await createTestUser(platform, { organizationId: orgA, roles: ["specialist"] });
    const unknown = await login("khong-ton-tai", "whatever-password-1", "10.2.0.1");
    const wrong = await login(person.user.username, "wrong-password-123", "10.2.0.2");
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.json().title, "Tên đăng nhập hoặc mật khẩu không đúng");
    const comparable = (body: Record<string, unknown>) => ({ ...body, requestId: 0, instance: 0 });
    assert.deepEqual(comparable(unknown.json()), comparable(wrong.json()));
  });

  it("locks an account after five failures, audits it, and lets an administrator unlock it", async () => {
    const person = await createTestUser(platform, { organizationId: orgA, roles: ["specialist"] });
    for (let i = 0; i < 4; i += 1)
      assert.equal(
        (await login(person.user.username, `wrong-${i}-password`, `10.3.0.${i}`)).statusCode,
        401,
      );
    const fifth = await login(person.user.username, "wrong-5-password", "10.3.0.9");
    assert.equal(fifth.statusCode, 423);
    assert.match(fifth.json().detail, /Tài khoản tạm khóa/);
    const right = await login(person.user.username, person.password, "10.3.0.10");
    assert.equal(right.statusCode, 423, "a locked account refuses even the right password");
    const admin = await createTestUser(platform, { organizationId: orgA, roles: ["system_admin"] });
    const audit = await platform.app.inject({
      url: `/api/v1/audit/events?action=identity.account_locked`,
      headers: admin.bearer,
    });
    if (audit.statusCode === 200)
      assert.ok(
        audit.json().items.some((e: { targetId: string }) => e.targetId === person.user.id),
      );
    const unlock = await platform.app.inject({
      method: "POST",
      url: `/api/v1/identity/users/${person.user.id}/unlock`,
      headers: admin.bearer,
    });
    assert.equal(unlock.statusCode, 204);
    assert.equal((await login(person.user.username, person.password, "10.3.0.11")).statusCode, 200);
  });

  it("rate-limits sign-in attempts per address", async () => {
    const statuses: number[] = [];
    const limit = platform.ctx.config.signInLimitPerIp;
    // The window slides: on a slow machine a few more attempts may pass before the refusal.
    while (statuses.at(-1) !== 429 && statuses.length < limit * 2 + 3) {
      const attempt = statuses.length;
      statuses.push(
        (await login(`nobody${attempt}`, "irrelevant-password", "10.9.9.9")).statusCode,
      );
    }
    assert.equal(statuses.at(-1), 429);
    assert.ok(statuses.length > limit, "at least the configured number of attempts pass");
    assert.ok(statuses.slice(0, -1).every((s) => s === 401));
    const limited = await login("nobody", "irrelevant-password", "10.9.9.9");
    assert.ok(Number(limited.headers["retry-after"]) > 0);
    assert.equal(
      (await login("nobody", "irrelevant-password", "10.9.9.10")).statusCode,
      401,
      "another address is not limited",
    );
  });

  it("does not let an organization administrator take over a system administrator's account", async () => {
    const adminA = await createTestUser(platform, { organizationId: orgA, roles: ["org_admin"] });
    const root = await createTestUser(platform, { organizationId: orgA, roles: ["system_admin"] });
    const attempts = [
      {
        method: "POST",
        url: `/users/${root.user.id}/password`,
        payload: { password: "Chiếm-quyền-quản-trị-2026" },
      },
      { method: "PATCH", url: `/users/${root.user.id}`, payload: { status: "disabled" } },
      { method: "POST", url: `/users/${root.user.id}/unlock` },
      { method: "DELETE", url: `/users/${root.user.id}/second-factor` },
      { method: "POST", url: `/users/${root.user.id}/password-link` },
    ] as const;
    for (const attempt of attempts) {
      const response = await platform.app.inject({
        method: attempt.method,
        url: `/api/v1/identity${attempt.url}`,
        headers: adminA.bearer,
        ...("payload" in attempt ? { payload: attempt.payload } : {}),
      });
      assert.equal(response.statusCode, 403, `${attempt.method} ${attempt.url}: ${response.body}`);
    }
    const stillActive = await platform.app.inject({
      method: "GET",
      url: `/api/v1/identity/users/${root.user.id}`,
      headers: root.bearer,
    });
    assert.equal(stillActive.json().status, "active");
  });

  it("keeps an organization administrator inside their own organization", async () => {
    const adminA = await createTestUser(platform, { organizationId: orgA, roles: ["org_admin"] });
    const staffB = await createTestUser(platform, { organizationId: orgB, roles: ["specialist"] });
    const body = {
      username: "outside.scope",
      displayName: "X",
      organizationId: orgB,
      roles: ["specialist"],
      password: "Đủ-dài-và-khó-đoán-42",
    };
    const create = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/users",
      headers: adminA.bearer,
      payload: body,
    });
    assert.equal(create.statusCode, 403);
    const patch = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/identity/users/${staffB.user.id}`,
      headers: adminA.bearer,
      payload: { roles: ["org_admin"] },
    });
    assert.equal(patch.statusCode, 403);
    const reset = await platform.app.inject({
      method: "POST",
      url: `/api/v1/identity/users/${staffB.user.id}/password`,
      headers: adminA.bearer,
      payload: { password: "Đủ-dài-và-khó-đoán-43" },
    });
    assert.equal(reset.statusCode, 403);
    const list = await platform.app.inject({
      url: `/api/v1/identity/users?organizationId=${orgB}`,
      headers: adminA.bearer,
    });
    assert.deepEqual(list.json().items, []);
    const grant = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/users",
      headers: adminA.bearer,
      payload: {
        ...body,
        username: "would.be.root",
        organizationId: orgA,
        roles: ["system_admin"],
      },
    });
    assert.equal(grant.statusCode, 403);
  });

  it("refuses specialists account administration", async () => {
    const staff = await createTestUser(platform, { organizationId: orgA, roles: ["specialist"] });
    assert.equal(
      (await platform.app.inject({ url: "/api/v1/identity/users", headers: staff.bearer }))
        .statusCode,
      403,
    );
  });

  it("refuses anonymous callers on every protected route", async () => {
    const id = "0197aaaa-0000-7000-8000-000000000000";
    const routes: [string, string][] = [
      ["GET", "/api/v1/identity/me"],
      ["POST", "/api/v1/identity/logout"],
      ["GET", "/api/v1/identity/users"],
      ["POST", "/api/v1/identity/users"],
      ["GET", `/api/v1/identity/users/${id}`],
      ["PATCH", `/api/v1/identity/users/${id}`],
      ["POST", `/api/v1/identity/users/${id}/password`],
      ["POST", `/api/v1/identity/users/${id}/unlock`],
      ["GET", "/api/v1/identity/tokens"],
      ["POST", "/api/v1/identity/tokens"],
      ["DELETE", `/api/v1/identity/tokens/${id}`],
    ];
    const bodies: Record<string, object> = {
      "POST /api/v1/identity/users": {
        username: "abc",
        displayName: "x",
        organizationId: orgA,
        roles: ["clerk"],
        password: "Đủ-dài-và-khó-đoán-44",
      },
      [`PATCH /api/v1/identity/users/${id}`]: { displayName: "x" },
      [`POST /api/v1/identity/users/${id}/password`]: { password: "Đủ-dài-và-khó-đoán-45" },
      "POST /api/v1/identity/tokens": { name: "x" },
    };
    for (const [method, url] of routes) {
      const payload = bodies[`${method} ${url}`];
      const response = await platform.app.inject({
        method: method as "GET",
        url,
        ...(payload ? { payload } : {}),
        headers: { authorization: "Bearer lt_pat_forged" },
      });
      if (method === "POST" && url.endsWith("/logout")) assert.equal(response.statusCode, 200);
      else assert.equal(response.statusCode, 401, `${method} ${url}: ${response.body}`);
    }
  });
});
