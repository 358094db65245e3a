import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import {
  canAdministerOrganization,
  createOrganization,
  findOrganizationByCode,
  retireOrganization,
  updateOrganization,
  type Organization,
} from "./index.ts";
import { importOrganizations } from "./organization-import.ts";
import { organizationHistory } from "./organizations.ts";
import { createInformationSystem, updateInformationSystem } from "./systems.ts";
import {
  buildOrganizationInput,
  createTestOrganization,
  systemActor,
  userActor,
} from "./testing.ts";

const forbidden = (error: unknown) => error instanceof AppError && error.code === "forbidden";
const unauthenticated = (error: unknown) =>
  error instanceof AppError && error.code === "unauthenticated";

describe("organization scope", () => {
  let platform: Platform;
  let db: Db;
  let hanoi: Organization;
  let hue: Organization;
  let hanoiAdmin: Actor;
  before(async () => {
    platform = await createTestPlatform({ demo: true });
    db = platform.ctx.db;
    hanoi = (await findOrganizationByCode({ db, code: "000.00.05.H01" }))!;
    hue = (await findOrganizationByCode({ db, code: "000.00.05.H46" }))!;
    hanoiAdmin = userActor({ organizationId: hanoi.id, roles: ["org_admin"] });
  });
  after(() => platform.stop());

  it("keeps an org_admin out of another province's organizations", async () => {
    await assert.rejects(
      createOrganization({
        db,
        actor: hanoiAdmin,
        input: buildOrganizationInput({ parentId: hue.id }),
      }),
      forbidden,
    );
    await assert.rejects(
      updateOrganization({ db, actor: hanoiAdmin, id: hue.id, changes: { name: "Chiếm quyền" } }),
      forbidden,
    );
    await assert.rejects(
      retireOrganization({ db, actor: hanoiAdmin, id: hue.id, reason: "x" }),
      forbidden,
    );
    assert.equal(
      await canAdministerOrganization({ db, actor: hanoiAdmin, organizationId: hue.id }),
      false,
    );
    assert.equal((await findOrganizationByCode({ db, code: hue.code }))?.name, hue.name);
  });

  it("keeps an org_admin from moving a unit out of their scope or creating top-level organizations", async () => {
    const unit = await createOrganization({
      db,
      actor: hanoiAdmin,
      input: buildOrganizationInput({ parentId: hanoi.id }),
    });
    await assert.rejects(
      updateOrganization({ db, actor: hanoiAdmin, id: unit.id, changes: { parentId: hue.id } }),
      forbidden,
    );
    await assert.rejects(
      updateOrganization({ db, actor: hanoiAdmin, id: unit.id, changes: { parentId: null } }),
      forbidden,
    );
    await assert.rejects(
      createOrganization({ db, actor: hanoiAdmin, input: buildOrganizationInput() }),
      forbidden,
    );
    await assert.rejects(
      retireOrganization({ db, actor: hanoiAdmin, id: hanoi.id, reason: "x" }),
      forbidden,
    );
  });

  it("gives other roles no right to change the directory", async () => {
    for (const role of [
      "clerk",
      "leader",
      "specialist",
      "reporting_officer",
      "security_operator",
    ] as const) {
      const actor = userActor({ organizationId: hanoi.id, roles: [role] });
      await assert.rejects(
        createOrganization({ db, actor, input: buildOrganizationInput({ parentId: hanoi.id }) }),
        forbidden,
      );
      await assert.rejects(
        updateOrganization({ db, actor, id: hanoi.id, changes: { name: "X" } }),
        forbidden,
      );
    }
  });

  it("lets only system administrators import", async () => {
    await assert.rejects(
      importOrganizations({ db, actor: hanoiAdmin, items: [buildOrganizationInput()] }),
      forbidden,
    );
    await assert.rejects(
      importOrganizations({ db, actor: null, items: [buildOrganizationInput()] }),
      unauthenticated,
    );
  });

  it("refuses anonymous callers in the service layer too", async () => {
    await assert.rejects(
      createOrganization({ db, actor: null, input: buildOrganizationInput() }),
      unauthenticated,
    );
    await assert.rejects(
      updateOrganization({ db, actor: undefined, id: hanoi.id, changes: { name: "X" } }),
      unauthenticated,
    );
    await assert.rejects(organizationHistory({ db, actor: null, id: hanoi.id }), unauthenticated);
  });

  it("keeps an org_admin away from another organization's information systems", async () => {
    const system = await createInformationSystem({
      db,
      actor: systemActor,
      input: {
        organizationId: hue.id,
        code: "MOTCUA",
        name: "Hệ thống một cửa",
        purpose: "Tiếp nhận hồ sơ",
        owner: "Sở Nội vụ",
        securityLevel: 2,
        hosting: "government_cloud",
        status: "operating",
      },
    });
    await assert.rejects(
      updateInformationSystem({
        db,
        actor: hanoiAdmin,
        id: system.id,
        changes: { securityLevel: 1 },
      }),
      forbidden,
    );
    await assert.rejects(
      createInformationSystem({
        db,
        actor: hanoiAdmin,
        input: { ...system, organizationId: hue.id, code: "KHAC", securityDecision: null },
      }),
      forbidden,
    );
  });

  it("treats a system administrator and the platform itself as in scope everywhere", async () => {
    const other = await createTestOrganization(db);
    const admin = userActor({ organizationId: hanoi.id, roles: ["system_admin"] });
    assert.equal(
      await canAdministerOrganization({ db, actor: admin, organizationId: other.id }),
      true,
    );
    assert.equal(
      await canAdministerOrganization({ db, actor: systemActor, organizationId: null }),
      true,
    );
    assert.equal(
      await canAdministerOrganization({ db, actor: null, organizationId: other.id }),
      false,
    );
  });
});
