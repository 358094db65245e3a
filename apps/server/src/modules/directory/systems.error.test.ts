import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { retireOrganization, type Organization } from "./index.ts";
import type { InformationSystemInput } from "./schema.ts";
import {
  createInformationSystem,
  getInformationSystem,
  updateInformationSystem,
} from "./systems.ts";
import { createTestUser } from "../identity/testing.ts";
import { createTestOrganization, userActor } from "./testing.ts";

const isCode = (code: AppError["code"]) => (error: unknown) =>
  error instanceof AppError && error.code === code;

describe("information systems: refused changes", () => {
  let platform: Platform;
  let db: Db;
  let organization: Organization;
  let admin: Actor;
  before(async () => {
    platform = await createTestPlatform();
    db = platform.ctx.db;
    organization = await createTestOrganization(db);
    admin = userActor({ organizationId: organization.id, roles: ["system_admin"] });
  });
  after(() => platform.stop());

  const input = (overrides: Partial<InformationSystemInput> = {}): InformationSystemInput => ({
    organizationId: organization.id,
    code: "QLVB",
    name: "Quản lý văn bản",
    purpose: "Văn bản điện tử",
    owner: "Văn phòng",
    securityLevel: 2,
    hosting: "on_premises",
    status: "operating",
    ...overrides,
  });

  it("refuses a duplicate code within one organization with 409", async () => {
    await createInformationSystem({ db, actor: admin, input: input() });
    await assert.rejects(
      createInformationSystem({ db, actor: admin, input: input({ name: "Khác" }) }),
      isCode("conflict"),
    );
    const other = await createInformationSystem({
      db,
      actor: admin,
      input: input({ code: "EMAIL" }),
    });
    await assert.rejects(
      updateInformationSystem({ db, actor: admin, id: other.id, changes: { code: "QLVB" } }),
      isCode("conflict"),
    );
  });

  it("refuses a system of a retired organization", async () => {
    const retired = await createTestOrganization(db);
    await retireOrganization({ db, actor: admin, id: retired.id, reason: "Giải thể" });
    await assert.rejects(
      createInformationSystem({ db, actor: admin, input: input({ organizationId: retired.id }) }),
      isCode("unprocessable"),
    );
  });

  it("answers 404 for an unknown system", async () => {
    await assert.rejects(
      getInformationSystem({ db, actor: admin, id: "0190c6a2-0000-7000-8000-000000000000" }),
      isCode("not_found"),
    );
    await assert.rejects(
      updateInformationSystem({ db, actor: admin, id: "nope", changes: { name: "X" } }),
      isCode("not_found"),
    );
  });

  it("refuses a security level outside 1–5 and an unknown field at the HTTP boundary", async () => {
    for (const body of [
      { ...input({ code: "A1" }), securityLevel: 6 },
      { ...input({ code: "A2" }), extra: 1 },
    ]) {
      const response = await platform.app.inject({
        method: "POST",
        url: "/api/v1/directory/systems",
        payload: body,
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().code, "validation_failed");
    }
  });

  it("requires the approving decision for security levels 3–5, with a Vietnamese 422", async () => {
    const { bearer } = await createTestUser(platform, {
      organizationId: organization.id,
      roles: ["org_admin"],
    });
    for (const level of [3, 4, 5]) {
      const response = await platform.app.inject({
        method: "POST",
        url: "/api/v1/directory/systems",
        headers: bearer,
        payload: input({ code: `CAP${level}`, securityLevel: level }),
      });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.json().code, "unprocessable");
      assert.match(
        response.json().detail,
        new RegExp(`cấp độ ${level} phải có quyết định phê duyệt cấp độ`),
      );
      assert.equal(response.json().errors[0].path, "body.securityDecision");
    }
    const system = await createInformationSystem({
      db,
      actor: admin,
      input: input({ code: "CAP2", securityLevel: 2 }),
    });
    await assert.rejects(
      updateInformationSystem({ db, actor: admin, id: system.id, changes: { securityLevel: 3 } }),
      isCode("unprocessable"),
    );
    const decision = { number: "15/QĐ-BNV", date: "2026-02-10", issuer: "Bộ trưởng Bộ Nội vụ" };
    const raised = await updateInformationSystem({
      db,
      actor: admin,
      id: system.id,
      changes: { securityLevel: 3, securityDecision: decision },
    });
    assert.deepEqual(raised.securityDecision, decision);
    await assert.rejects(
      updateInformationSystem({
        db,
        actor: admin,
        id: system.id,
        changes: { securityDecision: null },
      }),
      isCode("unprocessable"),
      "a level-3 system cannot lose its decision",
    );
  });
});
