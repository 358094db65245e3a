import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import type { Regime } from "./schema.ts";
import type { TemplateDefinition } from "./template.ts";
import { quarterlyRegimeInput, reportsApi } from "./testing.ts";

type Headers = { authorization: string };

const definition: TemplateDefinition = {
  sections: [],
  categories: [],
  forms: [
    {
      code: "BIEU_01",
      title: "Tuyển dụng",
      indicators: [{ code: "TD", name: "Tuyển dụng", type: "integer", min: 0 }],
    },
  ],
  rules: [],
};

describe("reports designer: changing a regime being designed", () => {
  let platform: Platform;
  let ministry: Organization;
  let provinces: Organization[];
  let admin: Headers;
  let officer: Headers;

  const { call } = reportsApi(() => platform);

  const input = (overrides: Record<string, unknown> = {}) => ({
    ...quarterlyRegimeInput(provinces, ministry.id),
    ...overrides,
  });

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    provinces = [
      await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ C" }),
      await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ D" }),
    ];
    admin = (await createTestUser(platform, { organizationId: ministry.id, roles: ["org_admin"] }))
      .bearer;
    officer = (
      await createTestUser(platform, {
        organizationId: provinces[0]!.id,
        roles: ["reporting_officer"],
      })
    ).bearer;
  });
  after(() => platform.stop());

  it("changes a draft regime's fields, audited, and keeps a regime in force as it is", async () => {
    const regime = (await call("POST", "/regimes", admin, input())).json<Regime>();
    const changed = input({
      code: regime.code,
      name: "Báo cáo tuyển dụng (sửa)",
      frequency: "monthly",
      windowRule: "calendar",
      deadlineRule: { kind: "working_days_after_end", days: 2 },
      reportingRule: { kind: "organization_kind", organizationKind: "ministry", shortName: "BNV" },
    });
    const updated = await call("PUT", `/regimes/${regime.id}`, admin, changed);
    assert.equal(updated.statusCode, 200, updated.body);
    const body = updated.json<Regime>();
    assert.deepEqual(
      [body.name, body.frequency, body.windowRule, body.deadlineRule, body.status],
      [
        "Báo cáo tuyển dụng (sửa)",
        "monthly",
        "calendar",
        { kind: "working_days_after_end", days: 2 },
        "draft",
      ],
    );
    const audit = await searchAudit(platform.ctx.db, { targetId: regime.id, limit: 10 });
    assert.ok(audit.some((e) => e.action === "reports.regime_updated"));

    assert.equal(
      (await call("PUT", `/regimes/${regime.id}/template`, admin, definition)).statusCode,
      200,
    );
    assert.equal(
      (await call("POST", `/regimes/${regime.id}/template/publish`, admin)).statusCode,
      200,
    );
    assert.equal((await call("POST", `/regimes/${regime.id}/activate`, admin)).statusCode, 200);
    const inForce = await call("PUT", `/regimes/${regime.id}`, admin, changed);
    assert.equal(inForce.statusCode, 409);
    assert.match(inForce.json<{ detail: string }>().detail, /đang thiết kế/);
  });

  it("refuses a secret regime, a bad deadline, a taken code and other people, changing nothing", async () => {
    const regime = (await call("POST", "/regimes", admin, input())).json<Regime>();
    const other = (await call("POST", "/regimes", admin, input())).json<Regime>();
    const same = () => input({ code: regime.code });

    const secret = await call("PUT", `/regimes/${regime.id}`, admin, {
      ...same(),
      confidentiality: "toi_mat",
    });
    assert.equal(secret.statusCode, 422);
    assert.match(secret.json<{ detail: string }>().detail, /Chế độ báo cáo mật/);

    const early = await call("PUT", `/regimes/${regime.id}`, admin, {
      ...same(),
      deadlineRule: { kind: "day_of_month", day: 10, monthsAfterEnd: 0 },
    });
    assert.equal(early.statusCode, 400);
    assert.deepEqual(
      early.json<{ errors: { path: string }[] }>().errors.map((e) => e.path),
      ["/deadlineRule"],
    );

    const taken = await call("PUT", `/regimes/${regime.id}`, admin, input({ code: other.code }));
    assert.equal(taken.statusCode, 409);

    assert.equal((await call("PUT", `/regimes/${regime.id}`, officer, same())).statusCode, 403);
    assert.equal((await call("PUT", `/regimes/${regime.id}`, undefined, same())).statusCode, 401);

    const unchanged = (await call("GET", `/regimes/${regime.id}`, admin)).json<Regime>();
    assert.deepEqual(unchanged.deadlineRule, { kind: "day_of_month", day: 20, monthsAfterEnd: 0 });
  });
});
