import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import { buildCsv, tokenOf, upload } from "./testing.ts";

const GOOD_PASSWORD = "Núi-Bà-Đen-cao-986m";

describe("onboarding security", () => {
  let platform: Platform;
  let orgA: { id: string; code: string };
  let orgB: { id: string; code: string };
  let adminA: Awaited<ReturnType<typeof createTestUser>>;
  let staffB: Awaited<ReturnType<typeof createTestUser>>;
  let system: Awaited<ReturnType<typeof createTestUser>>;
  before(async () => {
    platform = await createTestPlatform();
    orgA = await createTestOrganization(platform.ctx.db);
    orgB = await createTestOrganization(platform.ctx.db);
    adminA = await createTestUser(platform, { organizationId: orgA.id, roles: ["org_admin"] });
    staffB = await createTestUser(platform, { organizationId: orgB.id, roles: ["specialist"] });
    system = await createTestUser(platform, { organizationId: orgA.id, roles: ["system_admin"] });
  });
  after(() => platform?.stop());

  const inject = (options: InjectOptions) => platform.app.inject(options);
  const invite = (headers: Record<string, string>, organizationId: string, username: string) =>
    inject({
      method: "POST",
      url: "/api/v1/identity/invitations",
      headers,
      payload: {
        username,
        displayName: "Người được mời",
        organizationId,
        roles: ["reporting_officer"],
      },
    });
  const invited = async (username = `inv-${randomBytes(4).toString("hex")}`) => {
    const response = await invite(system.bearer, orgA.id, username);
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { user: { id: string; username: string }; link: { url: string } };
  };
  const setPassword = (token: string, password: string, ip = "10.50.0.1") =>
    inject({
      method: "POST",
      url: `/api/v1/identity/password-links/${token}`,
      payload: { password },
      remoteAddress: ip,
    });

  it("refuses anonymous callers on every administrative route", async () => {
    const csv = buildCsv([["x.y.z", "X", "", orgA.code, "specialist"]]);
    const responses = [
      await invite({}, orgA.id, "anon.invite"),
      await inject({
        method: "POST",
        url: `/api/v1/identity/users/${staffB.user.id}/password-link`,
      }),
      await upload(platform, { url: "/api/v1/identity/user-imports/preview", file: csv }),
      await upload(platform, { url: "/api/v1/identity/user-imports", file: csv }),
      await inject({ url: "/api/v1/identity/user-imports/template.xlsx" }),
      await inject({ url: "/api/v1/identity/user-imports/template.csv" }),
    ];
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [401, 401, 401, 401, 401, 401],
    );
  });

  it("keeps an organization administrator inside their organization on every administrative route", async () => {
    assert.equal((await invite(adminA.bearer, orgB.id, "outside.b")).statusCode, 403);
    assert.equal((await invite(adminA.bearer, orgA.id, "inside.a")).statusCode, 201);
    const reissue = await inject({
      method: "POST",
      url: `/api/v1/identity/users/${staffB.user.id}/password-link`,
      headers: adminA.bearer,
    });
    assert.equal(reissue.statusCode, 403);

    const csv = buildCsv([
      ["in.scope", "Trong phạm vi", "", orgA.code, "specialist"],
      ["out.of.scope", "Ngoài phạm vi", "", orgB.code, "specialist"],
    ]);
    const preview = await upload(platform, {
      url: "/api/v1/identity/user-imports/preview",
      file: csv,
      headers: adminA.bearer,
    });
    assert.equal(preview.statusCode, 200);
    assert.deepEqual(
      preview.json().rows[1].errors.map((e: { code: string }) => e.code),
      ["organization_out_of_scope"],
    );
    const imported = await upload(platform, {
      url: "/api/v1/identity/user-imports",
      file: csv,
      headers: adminA.bearer,
    });
    assert.equal(imported.statusCode, 422);
    const listed = await inject({ url: "/api/v1/identity/users?q=scope", headers: system.bearer });
    assert.equal(listed.json().items.length, 0, "nothing created, not even the row in scope");
  });

  it("refuses people who administer nothing", async () => {
    const csv = buildCsv([["x.y.z", "X", "", orgB.code, "specialist"]]);
    const responses = [
      await invite(staffB.bearer, orgB.id, "by.staff"),
      await inject({
        method: "POST",
        url: `/api/v1/identity/users/${staffB.user.id}/password-link`,
        headers: staffB.bearer,
      }),
      await upload(platform, {
        url: "/api/v1/identity/user-imports/preview",
        file: csv,
        headers: staffB.bearer,
      }),
      await upload(platform, {
        url: "/api/v1/identity/user-imports",
        file: csv,
        headers: staffB.bearer,
      }),
      await inject({ url: "/api/v1/identity/user-imports/template.csv", headers: staffB.bearer }),
    ];
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [403, 403, 403, 403, 403],
    );
  });

  it("does not let an organization administrator take over a system administrator through a link", async () => {
    const root = await createTestUser(platform, {
      organizationId: orgA.id,
      roles: ["system_admin"],
    });
    const response = await inject({
      method: "POST",
      url: `/api/v1/identity/users/${root.user.id}/password-link`,
      headers: adminA.bearer,
    });
    assert.equal(response.statusCode, 403);
  });

  it("answers a sign-in to an account awaiting its first password exactly like a wrong password", async () => {
    const { user } = await invited();
    const person = await createTestUser(platform, {
      organizationId: orgA.id,
      roles: ["specialist"],
    });
    const login = (username: string, ip: string) =>
      inject({
        method: "POST",
        url: "/api/v1/identity/login",
        payload: { username, password: "a-guess-of-any-kind-1" },
        remoteAddress: ip,
      });
    const pending = await login(user.username, "10.51.0.1");
    const wrong = await login(person.user.username, "10.51.0.2");
    assert.equal(pending.statusCode, 401);
    const comparable = (body: Record<string, unknown>) => ({ ...body, requestId: 0, instance: 0 });
    assert.deepEqual(comparable(pending.json()), comparable(wrong.json()));
    const { rows } = await sql<{ password_hash: string }>`
      select password_hash from idn_users where id = ${user.id}`.execute(platform.ctx.db);
    assert.match(rows[0]!.password_hash, /^!/, "an unusable hash, not a hash of some password");
  });

  it("never stores the token in clear", async () => {
    const { user, link } = await invited();
    const token = tokenOf(link.url);
    for (const table of ["idn_password_links", "core_audit", "core_jobs", "idn_users"]) {
      const { rows } = await sql<
        Record<string, unknown>
      >`select * from ${sql.table(table)}`.execute(platform.ctx.db);
      assert.ok(!JSON.stringify(rows).includes(token), `${table} does not hold the token`);
    }
    const { rows } = await sql<{ token_hash: string }>`
      select token_hash from idn_password_links where user_id = ${user.id}`.execute(
      platform.ctx.db,
    );
    assert.match(rows[0]!.token_hash, /^[0-9a-f]{64}$/);
  });

  it("refuses a link used once already, also when two requests race", async () => {
    const { link } = await invited();
    const token = tokenOf(link.url);
    const [a, b] = await Promise.all([
      setPassword(token, GOOD_PASSWORD, "10.52.0.1"),
      setPassword(token, GOOD_PASSWORD, "10.52.0.2"),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 404]);
    const again = await setPassword(token, `${GOOD_PASSWORD}-2`, "10.52.0.3");
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().reason, "used");
    assert.match(again.json().detail, /đã được dùng/);
    const shown = await inject({ url: `/api/v1/identity/password-links/${token}` });
    assert.equal(shown.json().reason, "used");
  });

  it("refuses an expired link with a clear sentence", async () => {
    const { user, link } = await invited();
    await sql`update idn_password_links set expires_at = now() - interval '1 minute'
      where user_id = ${user.id}`.execute(platform.ctx.db);
    const response = await setPassword(tokenOf(link.url), GOOD_PASSWORD, "10.53.0.1");
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().reason, "expired");
    assert.match(response.json().detail, /đã hết hạn lúc/);
    const english = await inject({
      url: `/api/v1/identity/password-links/${tokenOf(link.url)}`,
      headers: { "accept-language": "en" },
      remoteAddress: "10.53.0.2",
    });
    assert.match(english.json().detail, /expired on .* \(Vietnam time\)/);
  });

  it("refuses a link once its account is disabled", async () => {
    const { user, link } = await invited();
    const disabled = await inject({
      method: "PATCH",
      url: `/api/v1/identity/users/${user.id}`,
      headers: system.bearer,
      payload: { status: "disabled" },
    });
    assert.equal(disabled.statusCode, 200);
    const response = await setPassword(tokenOf(link.url), GOOD_PASSWORD, "10.54.0.1");
    assert.equal(response.json().reason, "account_disabled");
  });

  it("rate-limits guessing of tokens per address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      const guess = randomBytes(32).toString("base64url");
      const response = await inject({
        url: `/api/v1/identity/password-links/${guess}`,
        remoteAddress: "10.55.0.1",
      });
      statuses.push(response.statusCode);
    }
    assert.ok(statuses.slice(0, 20).every((s) => s === 404));
    assert.equal(statuses.at(-1), 429);
    const limited = await setPassword(
      randomBytes(32).toString("base64url"),
      GOOD_PASSWORD,
      "10.55.0.1",
    );
    assert.equal(limited.statusCode, 429, "one budget for looking and setting");
    assert.ok(Number(limited.headers["retry-after"]) > 0);
    assert.match(limited.json().detail, /liên kết đặt mật khẩu/);
    const elsewhere = await inject({
      url: `/api/v1/identity/password-links/${randomBytes(32).toString("base64url")}`,
      remoteAddress: "10.55.0.2",
    });
    assert.equal(elsewhere.statusCode, 404, "another address is not limited");
  });
});
