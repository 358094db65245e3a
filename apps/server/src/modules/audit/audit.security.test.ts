import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { recordAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization, userActor } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { listAuditEvents, verifyAuditTrail } from "./service.ts";

describe("audit trail (security)", () => {
  let platform: Platform;
  let orgA: string;
  let orgB: string;
  const prefix = `test${randomBytes(4).toString("hex")}.`;

  before(async () => {
    platform = await createTestPlatform();
    orgA = (await createTestOrganization(platform.ctx.db)).id;
    orgB = (await createTestOrganization(platform.ctx.db)).id;
    await recordAudit(platform.ctx.db, { action: `${prefix}a`, organizationId: orgA });
    await recordAudit(platform.ctx.db, { action: `${prefix}b`, organizationId: orgB });
  });
  after(() => platform.stop());

  const get = (url: string, headers: Record<string, string> = {}) =>
    platform.app.inject({ url, headers });

  it("refuses an unauthenticated caller on every route", async () => {
    for (const url of ["/api/v1/audit/events", "/api/v1/audit/verify"]) {
      const response = await get(url);
      assert.equal(response.statusCode, 401, url);
      assert.equal(response.json().code, "unauthenticated");
      assert.match(String(response.headers["content-type"]), /application\/problem\+json/);
    }
    const forged = await get("/api/v1/audit/events", { authorization: "Bearer not-a-real-token" });
    assert.equal(forged.statusCode, 401);
  });

  it("refuses roles that do not read the audit trail", async () => {
    for (const role of ["clerk", "leader", "specialist", "reporting_officer"] as const) {
      const person = await createTestUser(platform, { organizationId: orgA, roles: [role] });
      const response = await get("/api/v1/audit/events", person.bearer);
      assert.equal(response.statusCode, 403, role);
      assert.equal(response.json().code, "forbidden");
    }
  });

  it("refuses to read the audit trail of another organization", async () => {
    const adminA = await createTestUser(platform, { organizationId: orgA, roles: ["org_admin"] });
    const response = await get(`/api/v1/audit/events?organizationId=${orgB}`, adminA.bearer);
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().code, "forbidden");
    assert.match(response.json().detail, /cơ quan này/);
    const operator = userActor({ organizationId: orgA, roles: ["security_operator"] });
    await assert.rejects(
      listAuditEvents({ db: platform.ctx.db, actor: operator, organizationId: orgB, limit: 10 }),
      { code: "forbidden" },
    );
  });

  it("never returns another organization's entries, even unfiltered", async () => {
    const adminA = await createTestUser(platform, {
      organizationId: orgA,
      roles: ["org_admin", "security_operator"],
    });
    const response = await get(`/api/v1/audit/events?action=${prefix}`, adminA.bearer);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      response.json().items.map((e: { action: string }) => e.action),
      [`${prefix}a`],
    );
  });

  it("lets only system administrators verify the chain", async () => {
    for (const role of ["org_admin", "security_operator"] as const) {
      const person = await createTestUser(platform, { organizationId: orgA, roles: [role] });
      const response = await get("/api/v1/audit/verify", person.bearer);
      assert.equal(response.statusCode, 403, role);
    }
    await assert.rejects(verifyAuditTrail({ db: platform.ctx.db, actor: null }), {
      code: "unauthenticated",
    });
  });
});
