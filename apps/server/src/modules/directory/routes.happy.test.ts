import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestUser } from "../identity/testing.ts";
import {
  DEMO_HOME_AFFAIRS_CODE,
  findOrganizationByCode,
  type InformationSystem,
  type Organization,
} from "./index.ts";
import { buildOrganizationInput, testAgencyCode } from "./testing.ts";

describe("directory routes: administrators at work", () => {
  let platform: Platform;
  let homeAffairs: Organization;
  let hanoi: Organization;
  let admin: { authorization: string };
  let hanoiAdmin: { authorization: string };
  let reader: { authorization: string };
  before(async () => {
    platform = await createTestPlatform({ demo: true });
    const db = platform.ctx.db;
    homeAffairs = (await findOrganizationByCode({ db, code: DEMO_HOME_AFFAIRS_CODE }))!;
    hanoi = (await findOrganizationByCode({ db, code: "000.00.05.H01" }))!;
    admin = (
      await createTestUser(platform, { organizationId: homeAffairs.id, roles: ["system_admin"] })
    ).bearer;
    hanoiAdmin = (
      await createTestUser(platform, { organizationId: hanoi.id, roles: ["org_admin"] })
    ).bearer;
    reader = (await createTestUser(platform, { organizationId: hanoi.id, roles: ["specialist"] }))
      .bearer;
  });
  after(() => platform.stop());

  const call = (method: "GET" | "POST" | "PATCH", url: string, headers: object, payload?: object) =>
    platform.app.inject({
      method,
      url: `/api/v1/directory${url}`,
      headers: headers as Record<string, string>,
      ...(payload && { payload }),
    });

  it("lets an org_admin add, edit and retire a unit below their department, with history", async () => {
    const input = buildOrganizationInput({
      parentId: hanoi.id,
      name: "Phòng Công chức, viên chức",
    });
    const created = await call("POST", "/organizations", hanoiAdmin, input);
    assert.equal(created.statusCode, 201, created.body);
    const organization = created.json() as Organization;
    assert.equal(organization.parentId, hanoi.id);

    const edited = await call("PATCH", `/organizations/${organization.id}`, hanoiAdmin, {
      contacts: { phone: "024 3000 0000" },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal((edited.json() as Organization).version, 2);

    const retired = await call("POST", `/organizations/${organization.id}/retire`, hanoiAdmin, {
      reason: "Sáp nhập vào phòng khác",
    });
    assert.equal(retired.statusCode, 200, retired.body);
    assert.equal((retired.json() as Organization).status, "retired");

    const history = await call("GET", `/organizations/${organization.id}/history`, reader);
    assert.equal(history.statusCode, 200);
    assert.deepEqual(
      (history.json() as { items: { change: string }[] }).items.map((v) => v.change),
      ["retired", "updated", "created"],
    );
  });

  it("answers a duplicate code with 409 and a malformed one with 422, in the caller's language", async () => {
    const duplicate = await call(
      "POST",
      "/organizations",
      admin,
      buildOrganizationInput({ code: DEMO_HOME_AFFAIRS_CODE }),
    );
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().code, "conflict");
    const malformed = await call(
      "POST",
      "/organizations",
      { ...admin, "accept-language": "en" },
      buildOrganizationInput({ code: "G09" }),
    );
    assert.equal(malformed.statusCode, 422);
    assert.match(malformed.json().detail, /AAA\.BB\.CC\.Lnn/);
  });

  it("imports organizations in one go for a system administrator", async () => {
    const parent = testAgencyCode();
    const response = await call("POST", "/organizations/import", admin, {
      items: [
        { ...buildOrganizationInput(), parentCode: parent },
        { ...buildOrganizationInput({ code: parent }), parentCode: DEMO_HOME_AFFAIRS_CODE },
      ],
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(response.json(), { created: 2 });
    const imported = await findOrganizationByCode({ db: platform.ctx.db, code: parent });
    assert.equal(imported?.parentId, homeAffairs.id);
  });

  it("registers a system and lists it to a signed-in reader", async () => {
    const created = await call("POST", "/systems", hanoiAdmin, {
      organizationId: hanoi.id,
      code: "QLCBCC",
      name: "Phần mềm quản lý cán bộ, công chức",
      purpose: "Quản lý hồ sơ cán bộ, công chức của thành phố.",
      owner: "Sở Nội vụ Thành phố Hà Nội",
      securityLevel: 3,
      securityDecision: { number: "12/QĐ-SNV", date: "2026-03-02", issuer: "Giám đốc Sở Nội vụ" },
      hosting: "government_datacenter",
      status: "operating",
    });
    assert.equal(created.statusCode, 201, created.body);
    const system = created.json() as InformationSystem;
    const listed = await call("GET", `/systems?organizationId=${hanoi.id}`, reader);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(
      (listed.json() as { items: InformationSystem[] }).items.map((s) => s.id),
      [system.id],
    );
    const patched = await call("PATCH", `/systems/${system.id}`, hanoiAdmin, { status: "retired" });
    assert.equal((patched.json() as InformationSystem).status, "retired");
    const fetched = await call("GET", `/systems/${system.id}`, reader);
    assert.equal((fetched.json() as InformationSystem).status, "retired");
  });
});
