import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import { secondFactorStatus } from "./service.ts";
import { enrolTestTotp } from "./testing.ts";
import { base32Decode } from "./totp.ts";

describe("second factor security", () => {
  let platform: Platform;
  let orgA: string;
  let orgB: string;
  before(async () => {
    platform = await createTestPlatform();
    orgA = (await createTestOrganization(platform.ctx.db)).id;
    orgB = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform?.stop());

  const inject = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
    platform.app.inject({ method: method as "GET", url, headers, ...(payload ? { payload } : {}) });

  it("refuses anonymous callers on every route", async () => {
    const id = "0197aaaa-0000-7000-8000-000000000000";
    const routes: [string, string, object?][] = [
      ["GET", "/api/v1/identity/me/second-factor"],
      ["POST", "/api/v1/identity/me/second-factor/totp"],
      ["POST", "/api/v1/identity/me/second-factor/totp/confirm", { code: "123456" }],
      ["POST", "/api/v1/identity/me/second-factor/recovery-codes", { code: "123456" }],
      ["DELETE", "/api/v1/identity/me/second-factor/totp", { code: "123456" }],
      ["DELETE", `/api/v1/identity/users/${id}/second-factor`],
      ["GET", `/api/v1/identity/organizations/${orgA}/second-factor-policy`],
      ["PUT", `/api/v1/identity/organizations/${orgA}/second-factor-policy`, { required: true }],
    ];
    for (const [method, url, payload] of routes) {
      for (const headers of [{}, { authorization: "Bearer lt_pat_forged" }] as Record<
        string,
        string
      >[]) {
        const response = await inject(method, url, headers, payload);
        assert.equal(response.statusCode, 401, `${method} ${url}: ${response.body}`);
        assert.equal(response.json().code, "unauthenticated");
      }
    }
  });

  it("refuses a cookie-authenticated change without the CSRF token", async () => {
    const person = await createTestUser(platform, { organizationId: orgA, roles: ["clerk"] });
    const { cookie, csrfToken } = await person.signIn();
    const url = "/api/v1/identity/me/second-factor/totp";
    assert.equal((await inject("POST", url, { cookie })).statusCode, 403);
    const right = await inject("POST", url, { cookie, "x-csrf-token": csrfToken });
    assert.equal(right.statusCode, 201);
  });

  it("keeps administrators of another organization, and non-administrators, out", async () => {
    const staffA = await createTestUser(platform, { organizationId: orgA, roles: ["specialist"] });
    const colleagueA = await createTestUser(platform, {
      organizationId: orgA,
      roles: ["leader", "clerk", "reporting_officer", "security_operator"],
    });
    const adminB = await createTestUser(platform, { organizationId: orgB, roles: ["org_admin"] });
    await enrolTestTotp(platform, staffA.user.id);
    const reset = `/api/v1/identity/users/${staffA.user.id}/second-factor`;
    const policy = `/api/v1/identity/organizations/${orgA}/second-factor-policy`;
    for (const caller of [adminB, colleagueA]) {
      assert.equal((await inject("DELETE", reset, caller.bearer)).statusCode, 403);
      assert.equal((await inject("GET", policy, caller.bearer)).statusCode, 403);
      assert.equal(
        (await inject("PUT", policy, caller.bearer, { required: false })).statusCode,
        403,
      );
    }
    assert.equal((await inject("GET", policy, staffA.bearer)).statusCode, 403);
    assert.equal((await secondFactorStatus(platform.ctx.db, staffA.user.id)).totp, true);
    const adminOwnReset = await inject(
      "DELETE",
      `/api/v1/identity/users/${adminB.user.id}/second-factor`,
      adminB.bearer,
    );
    assert.equal(adminOwnReset.statusCode, 422, "an administrator cannot drop a required factor");
  });

  it("never stores the secret or the recovery codes in clear", async () => {
    const person = await createTestUser(platform, { organizationId: orgA, roles: ["specialist"] });
    const phone = await enrolTestTotp(platform, person.user.id);
    const raw = base32Decode(phone.secret);
    const needles = [
      phone.secret,
      phone.secret.toLowerCase(),
      raw.toString("hex"),
      raw.toString("base64"),
      raw.toString("base64url"),
      ...phone.recoveryCodes,
      ...phone.recoveryCodes.map((c) => c.replace(/-/g, "")),
    ];
    const { rows: tables } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(platform.ctx.db);
    assert.ok(tables.some((t) => t.name === "idn_totp_credentials"));
    for (const { name } of tables) {
      const { rows } = await sql<{
        row: string;
      }>`select t::text as row from ${sql.table(name)} t`.execute(platform.ctx.db);
      const text = rows.map((r) => r.row).join("\n");
      for (const needle of needles)
        assert.equal(text.includes(needle), false, `${name} holds a secret`);
    }
    const { rows } = await sql<{ secret_sealed: string }>`
      select secret_sealed from idn_totp_credentials where user_id = ${person.user.id}`.execute(
      platform.ctx.db,
    );
    assert.match(rows[0]!.secret_sealed, /^v1\./);
  });

  it("requires a second factor of administrators and security operators", async () => {
    const expectations: [string[], boolean][] = [
      [["system_admin"], true],
      [["org_admin"], true],
      [["security_operator"], true],
      [["specialist", "clerk", "leader", "reporting_officer"], false],
    ];
    for (const [roles, required] of expectations) {
      const person = await createTestUser(platform, {
        organizationId: orgB,
        roles: roles as ["clerk"],
      });
      const status = await inject("GET", "/api/v1/identity/me/second-factor", person.bearer);
      assert.equal(status.json().required, required, roles.join(","));
    }
  });

  it("applies an organization's policy to it and every unit below, which cannot opt out", async () => {
    const db = platform.ctx.db;
    const parent = await createTestOrganization(db);
    const child = await createTestOrganization(db, { parentId: parent.id });
    const sibling = await createTestOrganization(db);
    const parentAdmin = await createTestUser(platform, {
      organizationId: parent.id,
      roles: ["org_admin"],
    });
    const childAdmin = await createTestUser(platform, {
      organizationId: child.id,
      roles: ["org_admin"],
    });
    const staff = await createTestUser(platform, { organizationId: child.id, roles: ["clerk"] });
    const outsider = await createTestUser(platform, {
      organizationId: sibling.id,
      roles: ["clerk"],
    });
    const required = async (who: { bearer: Record<string, string> }) =>
      (await inject("GET", "/api/v1/identity/me/second-factor", who.bearer)).json().required;
    assert.equal(await required(staff), false);

    const set = await inject(
      "PUT",
      `/api/v1/identity/organizations/${parent.id}/second-factor-policy`,
      parentAdmin.bearer,
      { required: true },
    );
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().required, true);
    assert.equal(set.json().setBy, parentAdmin.user.username);
    assert.equal(await required(staff), true);
    assert.equal(await required(outsider), false);

    const optOut = await inject(
      "PUT",
      `/api/v1/identity/organizations/${child.id}/second-factor-policy`,
      childAdmin.bearer,
      { required: false },
    );
    assert.equal(optOut.statusCode, 200);
    assert.deepEqual(
      { required: optOut.json().required, inheritedFrom: optOut.json().inheritedFrom },
      { required: false, inheritedFrom: parent.id },
    );
    assert.equal(await required(staff), true);
    assert.equal(
      (
        await inject(
          "PUT",
          `/api/v1/identity/organizations/${parent.id}/second-factor-policy`,
          childAdmin.bearer,
          { required: false },
        )
      ).statusCode,
      403,
      "a unit's administrator cannot lift the policy of the organization above",
    );

    const audit = await searchAudit(db, {
      targetId: parent.id,
      action: "identity.second_factor_policy_changed",
      limit: 5,
    });
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.details, { from: false, to: true });
    assert.equal(audit[0]!.actorId, parentAdmin.user.id);
  });

  it("answers 404 to a system administrator for an unknown organization", async () => {
    const root = await createTestUser(platform, { organizationId: orgA, roles: ["system_admin"] });
    const url =
      "/api/v1/identity/organizations/0197aaaa-0000-7000-8000-000000000000/second-factor-policy";
    assert.equal((await inject("GET", url, root.bearer)).statusCode, 404);
    assert.equal((await inject("PUT", url, root.bearer, { required: true })).statusCode, 404);
    assert.equal(
      (
        await inject(
          "GET",
          "/api/v1/identity/organizations/not-a-uuid/second-factor-policy",
          root.bearer,
        )
      ).statusCode,
      404,
    );
  });
});
