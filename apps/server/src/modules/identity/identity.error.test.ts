import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "./testing.ts";

describe("identity bad input", () => {
  let platform: Platform;
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  let orgId: string;
  before(async () => {
    platform = await createTestPlatform();
    orgId = (await createTestOrganization(platform.ctx.db)).id;
    admin = await createTestUser(platform, { organizationId: orgId, roles: ["system_admin"] });
  });
  after(() => platform?.stop());

  const create = (payload: object) =>
    platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/users",
      headers: admin.bearer,
      payload,
    });
  const count = async () =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from idn_users`.execute(platform.ctx.db))
        .rows[0]!.n,
    );
  const base = {
    username: "nguyen.van.a",
    displayName: "Nguyễn Văn A",
    roles: ["clerk"],
    password: "Một-câu-dài-dễ-nhớ-2026",
  };

  for (const [password, reason] of [
    ["ngan-qua", /ít nhất 12 ký tự/],
    ["nguyen.van.a-2026!", /không được chứa tên đăng nhập/],
    ["password1234", /quá phổ biến/],
    ["aaaaaaaaaaaaaaaa", /quá phổ biến/],
  ] as const) {
    it(`refuses the password "${password}" and writes nothing`, async () => {
      const before = await count();
      const response = await create({ ...base, organizationId: orgId, password });
      assert.equal(response.statusCode, 422, response.body);
      assert.match(response.json().detail, reason);
      assert.equal(await count(), before);
    });
  }

  it("refuses a duplicate username with 409", async () => {
    assert.equal(
      (await create({ ...base, username: "trung.ten", organizationId: orgId })).statusCode,
      201,
    );
    const again = await create({ ...base, username: "TRUNG.TEN", organizationId: orgId });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, "conflict");
  });

  it("refuses unknown fields, unknown roles, bad usernames and unknown organizations", async () => {
    const before = await count();
    const extra = await create({ ...base, organizationId: orgId, isAdmin: true });
    assert.equal(extra.statusCode, 400);
    assert.ok(extra.json().errors.some((e: { path: string }) => e.path.includes("isAdmin")));
    assert.equal(
      (await create({ ...base, organizationId: orgId, roles: ["emperor"] })).statusCode,
      400,
    );
    assert.equal(
      (await create({ ...base, organizationId: orgId, username: "a b" })).statusCode,
      400,
    );
    const org = await create({ ...base, organizationCode: "000.00.00.X99" });
    assert.equal(org.statusCode, 422);
    assert.equal(await count(), before);
  });

  it("refuses malformed sign-in bodies", async () => {
    const response = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/login",
      payload: "{",
      headers: { "content-type": "application/json" },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, "malformed_json");
    const missing = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/login",
      payload: { username: "x" },
    });
    assert.equal(missing.statusCode, 400);
  });
});
