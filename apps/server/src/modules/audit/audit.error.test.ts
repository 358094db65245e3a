import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { recordAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";

describe("audit trail (errors)", () => {
  let platform: Platform;
  let bearer: { authorization: string };

  before(async () => {
    platform = await createTestPlatform();
    const org = await createTestOrganization(platform.ctx.db);
    bearer = (await createTestUser(platform, { organizationId: org.id, roles: ["system_admin"] }))
      .bearer;
  });
  after(() => platform.stop());

  const get = (url: string) =>
    platform.app.inject({ url, headers: { ...bearer, "accept-language": "en" } });

  it("refuses malformed queries with a validation problem naming the field", async () => {
    const cases: [string, string][] = [
      ["/api/v1/audit/events?limit=0", "querystring.limit"],
      ["/api/v1/audit/events?limit=201", "querystring.limit"],
      ["/api/v1/audit/events?organizationId=not-a-uuid", "querystring.organizationId"],
      ["/api/v1/audit/events?actorId=42", "querystring.actorId"],
      ["/api/v1/audit/events?from=yesterday", "querystring.from"],
      ["/api/v1/audit/events?outcome=maybe", "querystring.outcome"],
      ["/api/v1/audit/events?colour=red", "querystring.colour"],
      [
        `/api/v1/audit/events?cursor=${Buffer.from("drop table").toString("base64url")}`,
        "querystring.cursor",
      ],
      ["/api/v1/audit/events?cursor=%%%", "querystring.cursor"],
    ];
    for (const [url, path] of cases) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, url);
      const problem = response.json();
      assert.equal(problem.code, "validation_failed", url);
      assert.ok(
        problem.errors.some((e: { path: string }) => e.path.startsWith(path)),
        `${url}: ${JSON.stringify(problem.errors)}`,
      );
    }
  });

  it("reports the first altered row of a tampered chain", async () => {
    await recordAudit(platform.ctx.db, { action: "test.before_tamper" });
    const { rows } = await sql<{
      seq: number;
    }>`select max(seq)::int as seq from core_audit`.execute(platform.ctx.db);
    const seq = rows[0]!.seq;
    await sql`alter table core_audit disable trigger core_audit_append_only`.execute(
      platform.ctx.db,
    );
    await sql`update core_audit set outcome = 'failure' where seq = ${seq}`.execute(
      platform.ctx.db,
    );
    const response = await get("/api/v1/audit/verify");
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      ok: false,
      rows: seq - 1,
      firstBroken: { seq, reason: "content was altered after it was written" },
    });
  });
});
