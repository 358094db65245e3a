import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import {
  DEMO_HOME_AFFAIRS_CODE,
  countInformationSystems,
  findOrganizationByCode,
  type Organization,
} from "./index.ts";
import type { InformationSystemInput } from "./schema.ts";
import {
  createInformationSystem,
  getInformationSystem,
  listInformationSystems,
  updateInformationSystem,
} from "./systems.ts";
import { userActor } from "./testing.ts";

describe("information systems", () => {
  let platform: Platform;
  let db: Db;
  let homeAffairs: Organization;
  before(async () => {
    platform = await createTestPlatform({ demo: true });
    db = platform.ctx.db;
    homeAffairs = (await findOrganizationByCode({ db, code: DEMO_HOME_AFFAIRS_CODE }))!;
  });
  after(() => platform.stop());

  const input = (overrides: Partial<InformationSystemInput> = {}): InformationSystemInput => ({
    organizationId: homeAffairs.id,
    code: "HOPTRUCTUYEN",
    name: "Hệ thống hội nghị truyền hình trực tuyến",
    purpose: "Họp trực tuyến giữa Bộ và các Sở Nội vụ.",
    owner: "Trung tâm Thông tin",
    securityLevel: 3,
    securityDecision: { number: "77/QĐ-BNV", date: "2026-01-15", issuer: "Bộ trưởng Bộ Nội vụ" },
    hosting: "government_cloud",
    status: "planned",
    contacts: { name: "Nguyễn Văn A", phone: "024 0000 0000" },
    ...overrides,
  });

  it("lists the demo systems of the Ministry of Home Affairs to a signed-in reader", async () => {
    const reader = userActor({ organizationId: homeAffairs.id, roles: ["specialist"] });
    const page = await listInformationSystems({
      db,
      actor: reader,
      organizationId: homeAffairs.id,
      limit: 50,
    });
    const names = page.items.map((s) => s.name);
    assert.ok(names.includes("Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức"));
    assert.ok(names.includes("Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)"));
    const lgsp = page.items.find((s) => s.code === "LGSP")!;
    assert.equal(lgsp.organization.code, DEMO_HOME_AFFAIRS_CODE);
    assert.equal(lgsp.securityLevel, 3);
    assert.equal(lgsp.securityDecision?.number, "1023/QĐ-BNV");
    const found = await listInformationSystems({
      db,
      actor: reader,
      q: "co so du lieu can bo",
      limit: 50,
    });
    assert.deepEqual(
      found.items.map((s) => s.code),
      ["CSDLCBCCVC"],
    );
  });

  it("registers and edits a system, auditing both", async () => {
    const admin = userActor({ organizationId: homeAffairs.id, roles: ["org_admin"] });
    const countBefore = await countInformationSystems({ db });
    const created = await createInformationSystem({
      db,
      actor: admin,
      input: input(),
      requestMeta: { requestId: "req-sys-1" },
    });
    assert.equal(created.organization.id, homeAffairs.id);
    assert.equal(created.securityDecision?.issuer, "Bộ trưởng Bộ Nội vụ");
    assert.deepEqual(created.contacts, { name: "Nguyễn Văn A", phone: "024 0000 0000" });
    assert.equal(await countInformationSystems({ db }), countBefore + 1);

    const edited = await updateInformationSystem({
      db,
      actor: admin,
      id: created.id,
      changes: { status: "operating", securityLevel: 2, securityDecision: null },
    });
    assert.equal(edited.status, "operating");
    assert.equal(edited.securityLevel, 2);
    assert.equal(edited.securityDecision, null);
    assert.equal(edited.name, created.name);
    assert.deepEqual(await getInformationSystem({ db, actor: admin, id: created.id }), edited);

    const audit = await searchAudit(db, { targetId: created.id, limit: 5 });
    assert.deepEqual(
      audit.map((a) => a.action),
      ["directory.system_updated", "directory.system_created"],
    );
    assert.equal(audit[1]?.requestId, "req-sys-1");
  });

  it("pages through systems with the cursor", async () => {
    const reader = userActor({ organizationId: homeAffairs.id, roles: ["specialist"] });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInformationSystems({ db, actor: reader, cursor, limit: 2 });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.equal(seen.length, await countInformationSystems({ db }));
    assert.equal(new Set(seen).size, seen.length);
  });

  it("allows the same code in another organization", async () => {
    const hanoi = (await findOrganizationByCode({ db, code: "000.00.05.H01" }))!;
    const admin = userActor({ organizationId: hanoi.id, roles: ["org_admin"] });
    const created = await createInformationSystem({
      db,
      actor: admin,
      input: input({ organizationId: hanoi.id, code: "LGSP" }),
    });
    assert.equal(created.organization.code, "000.00.05.H01");
  });
});
