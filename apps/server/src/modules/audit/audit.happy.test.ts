import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { recordAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization, systemActor, userActor } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { listAuditEvents, verifyAuditTrail, type AuditEvent } from "./service.ts";

describe("audit trail (happy paths)", () => {
  let platform: Platform;
  let parent: string;
  let child: string;
  let other: string;
  /** A prefix of this run's actions, so entries written by the fixtures do not interfere. */
  const prefix = `test${randomBytes(4).toString("hex")}.`;

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    parent = (await createTestOrganization(db)).id;
    child = (await createTestOrganization(db, { parentId: parent })).id;
    other = (await createTestOrganization(db)).id;
    for (const [i, organizationId] of [parent, child, other, null, parent].entries()) {
      await recordAudit(db, {
        action: `${prefix}step`,
        outcome: i === 4 ? "failure" : "success",
        organizationId,
        targetType: "thing",
        targetId: String(i),
        details: { i },
      });
    }
  });
  after(() => platform.stop());

  const targets = (items: AuditEvent[]) => items.map((e) => e.targetId);

  it("shows a system administrator every entry, newest first, page by page", async () => {
    const db = platform.ctx.db;
    const seen: AuditEvent[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await listAuditEvents({
        db,
        actor: systemActor,
        action: prefix,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    assert.deepEqual(targets(seen), ["4", "3", "2", "1", "0"]);
    assert.deepEqual(seen[0]!.details, { i: 4 });
    assert.equal(typeof seen[0]!.at, "string");
    assert.ok(!("hash" in seen[0]!));
  });

  it("filters by outcome, organization and time", async () => {
    const db = platform.ctx.db;
    const failures = await listAuditEvents({
      db,
      actor: systemActor,
      action: prefix,
      outcome: "failure",
      limit: 50,
    });
    assert.deepEqual(targets(failures.items), ["4"]);
    const ofChild = await listAuditEvents({
      db,
      actor: systemActor,
      action: prefix,
      organizationId: child,
      limit: 50,
    });
    assert.deepEqual(targets(ofChild.items), ["1"]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.deepEqual(
      (await listAuditEvents({ db, actor: systemActor, action: prefix, from: future, limit: 50 }))
        .items,
      [],
    );
    assert.equal(
      (await listAuditEvents({ db, actor: systemActor, action: prefix, to: future, limit: 50 }))
        .items.length,
      5,
    );
  });

  it("shows organization administrators and security operators their organization's subtree only", async () => {
    const db = platform.ctx.db;
    for (const role of ["org_admin", "security_operator"] as const) {
      const actor = userActor({ organizationId: parent, roles: [role] });
      const page = await listAuditEvents({ db, actor, action: prefix, limit: 50 });
      assert.deepEqual(targets(page.items), ["4", "1", "0"], role);
    }
    const childAdmin = userActor({ organizationId: child, roles: ["org_admin"] });
    assert.deepEqual(
      targets((await listAuditEvents({ db, actor: childAdmin, action: prefix, limit: 50 })).items),
      ["1"],
    );
  });

  it("filters by the actor who acted", async () => {
    const db = platform.ctx.db;
    const actor = userActor({ organizationId: other, roles: ["specialist"] });
    await recordAudit(db, { action: `${prefix}by_user`, actor });
    const page = await listAuditEvents({
      db,
      actor: systemActor,
      actorId: actor.kind === "user" ? actor.userId : "",
      limit: 50,
    });
    assert.deepEqual(
      page.items.map((e) => [e.action, e.actorName, e.organizationId]),
      [[`${prefix}by_user`, actor.kind === "user" ? actor.username : "", other]],
    );
  });

  it("verifies an intact chain for a system administrator", async () => {
    const result = await verifyAuditTrail({ db: platform.ctx.db, actor: systemActor });
    assert.equal(result.ok, true);
    assert.ok(result.rows >= 5);
  });

  it("serves both routes over HTTP to a signed-in system administrator", async () => {
    const admin = await createTestUser(platform, {
      organizationId: other,
      roles: ["system_admin"],
    });
    const list = await platform.app.inject({
      url: `/api/v1/audit/events?action=${prefix}step&limit=2`,
      headers: admin.bearer,
    });
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.deepEqual(
      body.items.map((e: AuditEvent) => e.targetId),
      ["4", "3"],
    );
    assert.deepEqual(Object.keys(body.items[0]).sort(), [
      "action",
      "actorId",
      "actorName",
      "at",
      "details",
      "id",
      "ip",
      "organizationId",
      "outcome",
      "requestId",
      "seq",
      "targetId",
      "targetType",
    ]);
    const next = await platform.app.inject({
      url: `/api/v1/audit/events?action=${prefix}step&limit=2&cursor=${body.nextCursor}`,
      headers: admin.bearer,
    });
    assert.deepEqual(
      next.json().items.map((e: AuditEvent) => e.targetId),
      ["2", "1"],
    );
    const verify = await platform.app.inject({
      url: "/api/v1/audit/verify",
      headers: admin.bearer,
    });
    assert.equal(verify.statusCode, 200);
    assert.equal(verify.json().ok, true);
    assert.match(verify.json().head, /^[0-9a-f]{64}$/);
  });

  it("lets a signed-in organization administrator read their subtree with the session cookie", async () => {
    const admin = await createTestUser(platform, { organizationId: parent, roles: ["org_admin"] });
    const { cookie } = await admin.signIn();
    const list = await platform.app.inject({
      url: `/api/v1/audit/events?action=${prefix}step`,
      headers: { cookie },
    });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((e: AuditEvent) => e.targetId),
      ["4", "1", "0"],
    );
  });
});
