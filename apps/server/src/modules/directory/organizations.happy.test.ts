import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import {
  DEMO_HOME_AFFAIRS_CODE,
  canAdministerOrganization,
  createOrganization,
  findOrganizationByCode,
  getOrganization,
  organizationSubtreeIds,
  retireOrganization,
  updateOrganization,
  type Organization,
} from "./index.ts";
import { organizationHistory } from "./organizations.ts";
import {
  buildOrganizationInput,
  createTestOrganization,
  testAgencyCode,
  userActor,
} from "./testing.ts";

type Page = { items: Organization[]; nextCursor: string | null };

describe("organizations", () => {
  let platform: Platform;
  let homeAffairs: Organization;
  before(async () => {
    platform = await createTestPlatform({ demo: true });
    homeAffairs = (await findOrganizationByCode({
      db: platform.ctx.db,
      code: DEMO_HOME_AFFAIRS_CODE,
    }))!;
  });
  after(() => platform.stop());

  const search = async (query: string): Promise<Page> => {
    const response = await platform.app.inject({
      method: "GET",
      url: `/api/v1/directory/organizations?${query}`,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as Page;
  };

  it("finds a department of home affairs typed without accents", async () => {
    const page = await search(`q=${encodeURIComponent("so noi vu ha noi")}`);
    assert.deepEqual(
      page.items.map((o) => o.name),
      ["Sở Nội vụ Thành phố Hà Nội"],
    );
    assert.equal(page.items[0]?.code, "000.00.05.H01");
    assert.equal(page.items[0]?.shortName, "SNV");
  });

  it("puts the organization holding the exact code first", async () => {
    for (const q of [DEMO_HOME_AFFAIRS_CODE, DEMO_HOME_AFFAIRS_CODE.toLowerCase()]) {
      const page = await search(`q=${q}`);
      assert.equal(page.items[0]?.name, "Bộ Nội vụ");
    }
    const units = await search("q=G09&limit=200");
    assert.ok(units.items.some((o) => o.name === "Cục Văn thư và Lưu trữ nhà nước"));
  });

  it("pages through the 34 provincial People's Committees in name order", async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await search(
        `kind=provincial_committee&limit=10${cursor ? `&cursor=${cursor}` : ""}`,
      );
      assert.ok(page.items.length <= 10);
      names.push(...page.items.map((o) => o.name));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(names.length, 34);
    assert.equal(new Set(names).size, 34);
    assert.ok(names.includes("Ủy ban nhân dân Thành phố Hồ Chí Minh"));
  });

  it("serves the active tree flat with parents", async () => {
    const response = await platform.app.inject({
      method: "GET",
      url: "/api/v1/directory/organizations/tree",
    });
    const { items } = response.json() as {
      items: { id: string; name: string; parentId: string | null }[];
    };
    const units = items.filter((o) => o.parentId === homeAffairs.id).map((o) => o.name);
    assert.ok(units.includes("Văn phòng Bộ"));
    assert.ok(units.includes("Trung tâm Thông tin"));
    assert.ok(items.length >= 1 + 14 + 16 + 68);
  });

  it("creates, edits and retires an organization, keeping every version and an audit entry for each", async () => {
    const db = platform.ctx.db;
    const admin = userActor({ organizationId: homeAffairs.id, roles: ["system_admin"] });
    const requestMeta = { ip: "192.0.2.10", requestId: "req-org-1" };
    const input = buildOrganizationInput({
      parentId: homeAffairs.id,
      contacts: { email: "vu@example.gov.vn" },
    });
    const created = await createOrganization({ db, actor: admin, input, requestMeta });
    assert.equal(created.version, 1);
    assert.equal(created.status, "active");
    assert.deepEqual(await getOrganization({ db, id: created.id }), created);

    const renamed = await updateOrganization({
      db,
      actor: admin,
      id: created.id,
      changes: { name: "Vụ Đổi tên" },
    });
    assert.equal(renamed.version, 2);
    const unchanged = await updateOrganization({
      db,
      actor: admin,
      id: created.id,
      changes: { name: "Vụ Đổi tên" },
    });
    assert.equal(unchanged.version, 2);

    const retired = await retireOrganization({
      db,
      actor: admin,
      id: created.id,
      reason: "Sáp nhập",
    });
    assert.equal(retired.status, "retired");
    assert.ok(retired.validTo);
    assert.equal(await findOrganizationByCode({ db, code: created.code }), undefined);

    const history = await organizationHistory({ db, actor: admin, id: created.id });
    assert.deepEqual(
      history.map((v) => [v.version, v.change, v.snapshot.name, v.validTo === null]),
      [
        [3, "retired", "Vụ Đổi tên", true],
        [2, "updated", "Vụ Đổi tên", false],
        [1, "created", input.name, false],
      ],
    );
    assert.equal(history[0]?.reason, "Sáp nhập");
    assert.equal(history[0]?.changedBy, admin.kind === "user" ? admin.username : "");

    const audit = await searchAudit(db, { targetId: created.id, limit: 10 });
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        "directory.organization_retired",
        "directory.organization_updated",
        "directory.organization_created",
      ],
    );
    assert.equal(audit[2]?.ip, "192.0.2.10");
    assert.equal(audit[2]?.requestId, "req-org-1");
    assert.deepEqual(audit[1]?.details.changed, ["name"]);

    const { rows: events } = await sql<{ payload: { change: string; version: number } }>`
      select payload from core_outbox where key = ${created.id} order by id`.execute(db);
    assert.deepEqual(
      events.map((e) => [e.payload.change, e.payload.version]),
      [
        ["created", 1],
        ["updated", 2],
        ["retired", 3],
      ],
    );
  });

  it("lets a retired code be given to a new organization", async () => {
    const db = platform.ctx.db;
    const admin = userActor({ organizationId: homeAffairs.id, roles: ["system_admin"] });
    const first = await createTestOrganization(db);
    await retireOrganization({ db, actor: admin, id: first.id, reason: "Giải thể" });
    const second = await createTestOrganization(db, { code: first.code });
    assert.equal((await findOrganizationByCode({ db, code: first.code }))?.id, second.id);
  });

  it("lets an org_admin manage organizations below their own", async () => {
    const db = platform.ctx.db;
    const department = (await findOrganizationByCode({ db, code: "000.00.05.H01" }))!;
    const orgAdmin = userActor({ organizationId: department.id, roles: ["org_admin"] });
    const unit = await createOrganization({
      db,
      actor: orgAdmin,
      input: buildOrganizationInput({ parentId: department.id }),
    });
    const edited = await updateOrganization({
      db,
      actor: orgAdmin,
      id: unit.id,
      changes: { shortName: "PCT" },
    });
    assert.equal(edited.shortName, "PCT");
    assert.deepEqual(
      (await organizationSubtreeIds({ db, organizationId: department.id })).sort(),
      [department.id, unit.id].sort(),
    );
    assert.equal(
      await canAdministerOrganization({ db, actor: orgAdmin, organizationId: unit.id }),
      true,
    );
    assert.equal(
      await canAdministerOrganization({ db, actor: orgAdmin, organizationId: department.parentId }),
      false,
    );
  });

  it("moves an organization under a new parent", async () => {
    const db = platform.ctx.db;
    const admin = userActor({ organizationId: homeAffairs.id, roles: ["system_admin"] });
    const parent = await createTestOrganization(db);
    const child = await createTestOrganization(db, { code: testAgencyCode() });
    const moved = await updateOrganization({
      db,
      actor: admin,
      id: child.id,
      changes: { parentId: parent.id },
    });
    assert.equal(moved.parentId, parent.id);
    assert.ok((await organizationSubtreeIds({ db, organizationId: parent.id })).includes(child.id));
  });

  it("returns one organization publicly", async () => {
    const response = await platform.app.inject({
      method: "GET",
      url: `/api/v1/directory/organizations/${homeAffairs.id}`,
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), homeAffairs);
  });
});
