import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createOrganization, retireOrganization, updateOrganization } from "./index.ts";
import { importOrganizations } from "./organization-import.ts";
import {
  buildOrganizationInput,
  createTestOrganization,
  testAgencyCode,
  userActor,
} from "./testing.ts";

async function counts(db: Db) {
  const { rows } = await sql<{ organizations: number; versions: number; audit: number }>`select
    (select count(*) from dir_organizations)::int as organizations,
    (select count(*) from dir_organization_versions)::int as versions,
    (select count(*) from core_audit)::int as audit`.execute(db);
  return rows[0]!;
}

function rejectsWith(code: AppError["code"]) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  };
}

describe("organizations: refused changes", () => {
  let platform: Platform;
  let db: Db;
  let admin: Actor;
  before(async () => {
    platform = await createTestPlatform();
    db = platform.ctx.db;
    const home = await createTestOrganization(db);
    admin = userActor({ organizationId: home.id, roles: ["system_admin"] });
  });
  after(() => platform.stop());

  it("refuses a malformed agency code with 422, names the expected form, and writes nothing", async () => {
    const before = await counts(db);
    for (const code of [
      "G09",
      "000.00.00.g09",
      "00.00.00.G09",
      "000.00.00.G9",
      "000.00.00.G099",
      " ",
    ]) {
      await assert.rejects(
        createOrganization({ db, actor: admin, input: buildOrganizationInput({ code }) }),
        (error: unknown) => {
          rejectsWith("unprocessable")(error);
          assert.match((error as AppError).detail!.vi, /AAA\.BB\.CC\.Lnn/);
          assert.match((error as AppError).detail!.en, /000\.00\.00\.G09/);
          return true;
        },
      );
    }
    assert.deepEqual(await counts(db), before);
  });

  it("refuses a code already held by an active organization with 409", async () => {
    const existing = await createTestOrganization(db);
    const before = await counts(db);
    await assert.rejects(
      createOrganization({
        db,
        actor: admin,
        input: buildOrganizationInput({ code: existing.code }),
      }),
      rejectsWith("conflict"),
    );
    const other = await createTestOrganization(db);
    await assert.rejects(
      updateOrganization({ db, actor: admin, id: other.id, changes: { code: existing.code } }),
      rejectsWith("conflict"),
    );
    const after = await counts(db);
    assert.equal(after.organizations, before.organizations + 1);
  });

  it("refuses a parent that would make a cycle", async () => {
    const top = await createTestOrganization(db);
    const middle = await createTestOrganization(db, { parentId: top.id });
    const bottom = await createTestOrganization(db, { parentId: middle.id });
    await assert.rejects(
      updateOrganization({ db, actor: admin, id: top.id, changes: { parentId: bottom.id } }),
      rejectsWith("unprocessable"),
    );
    await assert.rejects(
      updateOrganization({ db, actor: admin, id: top.id, changes: { parentId: top.id } }),
      rejectsWith("unprocessable"),
    );
  });

  it("refuses unknown parents and administrative units", async () => {
    await assert.rejects(
      createOrganization({
        db,
        actor: admin,
        input: buildOrganizationInput({ parentId: "0190c6a2-0000-7000-8000-000000000000" }),
      }),
      rejectsWith("unprocessable"),
    );
    await assert.rejects(
      createOrganization({
        db,
        actor: admin,
        input: buildOrganizationInput({ adminUnitCode: "99" }),
      }),
      rejectsWith("unprocessable"),
    );
  });

  it("refuses to retire an organization with active units or one already retired", async () => {
    const parent = await createTestOrganization(db);
    const child = await createTestOrganization(db, { parentId: parent.id });
    await assert.rejects(
      retireOrganization({ db, actor: admin, id: parent.id, reason: "Sáp nhập" }),
      rejectsWith("conflict"),
    );
    await retireOrganization({ db, actor: admin, id: child.id, reason: "Sáp nhập" });
    await assert.rejects(
      retireOrganization({ db, actor: admin, id: child.id, reason: "Lần nữa" }),
      rejectsWith("conflict"),
    );
    await assert.rejects(
      updateOrganization({ db, actor: admin, id: child.id, changes: { name: "Mới" } }),
      rejectsWith("conflict"),
    );
  });

  it("answers 404 for an unknown organization", async () => {
    await assert.rejects(
      updateOrganization({ db, actor: admin, id: "not-a-uuid", changes: { name: "X" } }),
      rejectsWith("not_found"),
    );
    const response = await platform.app.inject({
      method: "GET",
      url: "/api/v1/directory/organizations/0190c6a2-0000-7000-8000-000000000000",
    });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, "not_found");
  });

  it("imports nothing when one row is bad, and reports every bad row", async () => {
    const before = await counts(db);
    const parent = testAgencyCode();
    const items = [
      buildOrganizationInput({ code: parent }),
      { ...buildOrganizationInput(), parentCode: parent },
      buildOrganizationInput({ code: "bad-code" }),
      { ...buildOrganizationInput(), parentCode: "000.00.00.Z99" },
    ];
    await assert.rejects(importOrganizations({ db, actor: admin, items }), (error: unknown) => {
      rejectsWith("unprocessable")(error);
      assert.deepEqual(
        (error as AppError).errors?.map((e) => e.path),
        ["body.items.2.code", "body.items.3.parentCode"],
      );
      return true;
    });
    assert.deepEqual(await counts(db), before);
  });

  it("rolls the whole import back when a row fails while writing", async () => {
    const before = await counts(db);
    const items = [buildOrganizationInput(), buildOrganizationInput({ adminUnitCode: "99" })];
    await assert.rejects(
      importOrganizations({ db, actor: admin, items }),
      rejectsWith("unprocessable"),
    );
    assert.deepEqual(await counts(db), before);
  });

  it("refuses a parent chain that loops inside an import", async () => {
    const [a, b] = [testAgencyCode(), testAgencyCode()];
    const items = [
      { ...buildOrganizationInput({ code: a }), parentCode: b },
      { ...buildOrganizationInput({ code: b }), parentCode: a },
    ];
    await assert.rejects(
      importOrganizations({ db, actor: admin, items }),
      rejectsWith("unprocessable"),
    );
  });

  it("refuses an unknown field, malformed JSON and an oversized body before anything is written", async () => {
    const before = await counts(db);
    const post = (payload: string, headers: Record<string, string> = {}) =>
      platform.app.inject({
        method: "POST",
        url: "/api/v1/directory/organizations",
        headers: { "content-type": "application/json", ...headers },
        payload,
      });
    const unknownField = await post(JSON.stringify({ ...buildOrganizationInput(), secret: true }));
    assert.equal(unknownField.statusCode, 400);
    assert.equal(unknownField.json().code, "validation_failed");
    assert.match(unknownField.headers["content-type"] as string, /application\/problem\+json/);

    const malformed = await post('{"code": "000.00.00.T01",');
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, "malformed_json");

    const huge = await post(
      JSON.stringify({
        ...buildOrganizationInput(),
        name: "x".repeat(platform.ctx.config.bodyLimit),
      }),
    );
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().code, "payload_too_large");

    const badCursor = await platform.app.inject({
      method: "GET",
      url: "/api/v1/directory/organizations?cursor=not-a-cursor",
    });
    assert.equal(badCursor.statusCode, 400);
    assert.equal(badCursor.json().code, "validation_failed");
    assert.deepEqual(await counts(db), before);
  });
});
