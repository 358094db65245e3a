import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { findOrganizationByCode } from "../directory/index.ts";
import { createTestUser } from "./testing.ts";

describe("account and sign-in refusals", () => {
  let platform: Platform;
  let hanoiId: string;
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  before(async () => {
    platform = await createTestPlatform({ demo: true });
    hanoiId = (await findOrganizationByCode({ db: platform.ctx.db, code: "000.00.05.H01" }))!.id;
    admin = await createTestUser(platform, { organizationId: hanoiId, roles: ["system_admin"] });
  });
  after(() => platform?.stop());

  /** A private client address per scenario, so the per-IP limit only bites where a test wants it. */
  const address = () => `10.${randomBytes(3).join(".")}`;
  const login = (username: string, password: string, remoteAddress = address()) =>
    platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/login",
      payload: { username, password },
      remoteAddress,
    });
  const createUser = (payload: Record<string, unknown>, headers = admin.bearer) =>
    platform.app.inject({ method: "POST", url: "/api/v1/identity/users", headers, payload });

  it("answers a wrong password and an unknown user alike, in Vietnamese by default", async () => {
    const person = await createTestUser(platform, { organizationId: hanoiId, roles: ["clerk"] });
    const wrong = await login(person.user.username, "not-the-password-at-all");
    const unknown = await login("khong.ton.tai", "not-the-password-at-all");
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401);
      assert.equal(response.headers["content-type"], "application/problem+json; charset=utf-8");
      assert.equal(response.json().code, "invalid_credentials");
      assert.equal(response.json().title, "Tên đăng nhập hoặc mật khẩu không đúng");
    }
    assert.equal(wrong.json().detail, unknown.json().detail);
    const english = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/login",
      headers: { "accept-language": "en" },
      payload: { username: "khong.ton.tai", password: "x" },
      remoteAddress: address(),
    });
    assert.equal(english.json().title, "Wrong username or password");
  });

  it("refuses a disabled account at sign-in", async () => {
    const person = await createTestUser(platform, { organizationId: hanoiId, roles: ["clerk"] });
    await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/identity/users/${person.user.id}`,
      headers: admin.bearer,
      payload: { status: "disabled" },
    });
    const response = await login(person.user.username, person.password);
    assert.equal(response.statusCode, 423);
    assert.equal(response.json().code, "account_locked");
  });

  it("limits sign-in attempts per client address with 429 and Retry-After", async () => {
    const remoteAddress = address();
    const statuses: number[] = [];
    const limit = platform.ctx.config.signInLimitPerIp;
    // The bucket refills continuously (limit per minute), so a slow machine fits a few more in.
    while (statuses.at(-1) !== 429 && statuses.length < 2 * limit)
      statuses.push((await login("khong.ton.tai", "whatever", remoteAddress)).statusCode);
    assert.equal(statuses.at(-1), 429);
    assert.ok(statuses.length > limit, `${statuses.length - 1} attempts passed, limit ${limit}`);
    assert.ok(statuses.slice(0, -1).every((s) => s === 401));
    const limited = await login("khong.ton.tai", "whatever", remoteAddress);
    assert.equal(limited.json().code, "rate_limited");
    assert.ok(limited.json().retryAfter >= 1);
    assert.equal(limited.headers["retry-after"], String(limited.json().retryAfter));
    assert.equal(
      (await login("khong.ton.tai", "whatever")).statusCode,
      401,
      "other addresses are not affected",
    );
  });

  it("refuses passwords that break the policy, saying why", async () => {
    const base = { displayName: "Người thử", organizationCode: "000.00.05.H01", roles: ["clerk"] };
    const cases: [string, string, RegExp][] = [
      ["ngan.qua", "Ngắn-1", /ít nhất 12 ký tự/],
      ["chua.ten", "chua.ten-rat-dai-2026", /không được chứa tên đăng nhập/],
      ["pho.bien1", "password1234", /quá phổ biến/],
      ["pho.bien2", "Matkhau@123456", /quá phổ biến/],
      ["pho.bien3", "aaaaaaaaaaaaaaaa", /quá phổ biến/],
    ];
    for (const [username, password, detail] of cases) {
      const response = await createUser({ ...base, username, password });
      assert.equal(response.statusCode, 422, `${password}: ${response.body}`);
      assert.equal(response.json().code, "unprocessable");
      assert.match(response.json().detail, detail);
      assert.equal(response.json().errors[0].path, "body.password");
    }
  });

  it("refuses a duplicate username with 409, whatever its case", async () => {
    const body = {
      username: "trung.ten",
      displayName: "Trùng tên",
      organizationId: hanoiId,
      roles: ["clerk"],
      password: "Một-mật-khẩu-đủ-dài-2026",
    };
    assert.equal((await createUser(body)).statusCode, 201);
    const again = await createUser({ ...body, username: "Trung.Ten" });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, "conflict");
  });

  it("answers 404 for unknown accounts and tokens", async () => {
    const missing = "01900000-0000-7000-8000-000000000000";
    assert.equal(
      (
        await platform.app.inject({
          url: `/api/v1/identity/users/${missing}`,
          headers: admin.bearer,
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (
        await platform.app.inject({
          url: "/api/v1/identity/users/not-a-uuid",
          headers: admin.bearer,
        })
      ).statusCode,
      404,
    );
    const token = await platform.app.inject({
      method: "DELETE",
      url: `/api/v1/identity/tokens/${missing}`,
      headers: admin.bearer,
    });
    assert.equal(token.statusCode, 404);
  });

  it("does not let an administrator disable their own account", async () => {
    const response = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/identity/users/${admin.user.id}`,
      headers: admin.bearer,
      payload: { status: "disabled" },
    });
    assert.equal(response.statusCode, 422);
  });
});
