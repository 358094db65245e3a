import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import type { ExpectedReport, Regime, Template } from "./schema.ts";
import { expectedReports } from "./schedule.ts";
import type { TemplateDefinition } from "./template.ts";
import { SEX, quarterlyRegimeInput, reportsApi } from "./testing.ts";

type Headers = { authorization: string };

const definition = (): TemplateDefinition => ({
  sections: [{ code: "TINH_HINH", title: "Tình hình thực hiện", required: true }],
  categories: [SEX],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng công chức",
      indicators: [
        { code: "CC", name: "Công chức", type: "integer", min: 0, categories: ["GIOI_TINH"] },
        { code: "TY_LE_NU", name: "Tỷ lệ nữ", type: "percent", formula: "CC{nu} / CC * 100" },
      ],
    },
  ],
  rules: [],
});

describe("reports: regimes, templates and the expected reports", () => {
  let platform: Platform;
  let ministry: Organization;
  let provinces: Organization[];
  let admin: Headers;
  let officer: Headers;
  let strangerAdmin: Headers;

  const { call } = reportsApi(() => platform);

  const regimeInput = (overrides: Record<string, unknown> = {}) => ({
    ...quarterlyRegimeInput(provinces, ministry.id),
    ...overrides,
  });

  const regimeCount = async () =>
    Number(
      (
        await sql<{ n: string }>`select count(*)::text as n from rpt_regimes`.execute(
          platform.ctx.db,
        )
      ).rows[0]!.n,
    );

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    ministry = await createTestOrganization(db, {
      shortName: "BNV",
      name: "Bộ Nội vụ thử",
      kind: "ministry",
    });
    provinces = [
      await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ A" }),
      await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ B" }),
    ];
    const other = await createTestOrganization(db, { shortName: "BTC" });
    admin = (await createTestUser(platform, { organizationId: ministry.id, roles: ["org_admin"] }))
      .bearer;
    officer = (
      await createTestUser(platform, {
        organizationId: provinces[0]!.id,
        roles: ["reporting_officer"],
      })
    ).bearer;
    strangerAdmin = (
      await createTestUser(platform, { organizationId: other.id, roles: ["org_admin"] })
    ).bearer;
  });
  after(() => platform.stop());

  it("creates a regime, saves and publishes its template, puts it in force, audited", async () => {
    const created = await call("POST", "/regimes", admin, regimeInput());
    assert.equal(created.statusCode, 201, created.body);
    const regime = created.json<Regime>();
    assert.equal(regime.status, "draft");
    assert.equal(regime.templateVersion, null);
    assert.equal(regime.receivingOrganization.code, ministry.code);

    // Not in force without a published template.
    const early = await call("POST", `/regimes/${regime.id}/activate`, admin);
    assert.equal(early.statusCode, 409);
    assert.match(early.json<{ detail: string }>().detail, /Cần ban hành mẫu báo cáo/);

    const saved = await call("PUT", `/regimes/${regime.id}/template`, admin, definition());
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual([saved.json<Template>().version, saved.json<Template>().status], [1, "draft"]);
    // Saving again replaces the same draft version.
    const changed = definition();
    changed.forms[0]!.title = "Số lượng công chức (sửa)";
    const again = await call("PUT", `/regimes/${regime.id}/template`, admin, changed);
    assert.equal(again.json<Template>().version, 1);
    const published = await call("POST", `/regimes/${regime.id}/template/publish`, admin);
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json<Template>().status, "published");
    assert.equal(published.json<Template>().definition.forms[0]!.title, "Số lượng công chức (sửa)");

    // The next save starts version 2; version 1 stays as published.
    const next = await call("PUT", `/regimes/${regime.id}/template`, admin, definition());
    assert.equal(next.json<Template>().version, 2);
    const v1 = await call("GET", `/regimes/${regime.id}/templates/1`, officer);
    assert.equal(v1.json<Template>().definition.forms[0]!.title, "Số lượng công chức (sửa)");

    const active = await call("POST", `/regimes/${regime.id}/activate`, admin);
    assert.equal(active.statusCode, 200, active.body);
    assert.deepEqual(
      [active.json<Regime>().status, active.json<Regime>().templateVersion],
      ["active", 1],
    );
    const listed = await call("GET", "/regimes?status=active", officer);
    assert.ok(listed.json<{ items: Regime[] }>().items.some((r) => r.id === regime.id));

    const audit = await searchAudit(platform.ctx.db, { targetId: regime.id, limit: 20 });
    assert.deepEqual(audit.map((e) => e.action).sort(), [
      "reports.regime_activated",
      "reports.regime_created",
      "reports.template_published",
      "reports.template_saved",
      "reports.template_saved",
      "reports.template_saved",
    ]);
  });

  it("refuses a secret regime, a bad deadline, an unknown unit and a bad template, writing nothing", async () => {
    const before = await regimeCount();
    const secret = await call("POST", "/regimes", admin, regimeInput({ confidentiality: "mat" }));
    assert.equal(secret.statusCode, 422);
    assert.match(secret.json<{ detail: string }>().detail, /Chế độ báo cáo mật/);

    // Decree 09 cuts a quarter off on the 14th: a deadline on the 10th is before it.
    const early = await call(
      "POST",
      "/regimes",
      admin,
      regimeInput({
        deadlineRule: { kind: "day_of_month", day: 10, monthsAfterEnd: 0 },
        reportingRule: {
          kind: "organizations",
          organizationIds: [provinces[0]!.id, "01900000-0000-7000-8000-000000000000"],
        },
      }),
    );
    assert.equal(early.statusCode, 400);
    const errors = early.json<{ errors: { path: string; message: string }[] }>().errors;
    assert.match(
      errors.find((e) => e.path === "/deadlineRule")!.message,
      /phải sau ngày chốt số liệu/,
    );
    assert.equal(
      errors.find((e) => e.path === "/reportingRule/organizationIds/1")?.message,
      "Không có cơ quan đang hoạt động này",
    );
    const malformed = await call("POST", "/regimes", admin, regimeInput({ frequency: "weekly" }));
    assert.equal(malformed.statusCode, 400);
    assert.equal(await regimeCount(), before);

    const regime = (await call("POST", "/regimes", admin, regimeInput())).json<Regime>();
    const bad = definition();
    bad.forms[0]!.indicators[1]!.formula = "CC{nu} / KHONG_CO";
    const refused = await call("PUT", `/regimes/${regime.id}/template`, admin, bad);
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(refused.json<{ errors: unknown[] }>().errors, [
      { path: "/forms/0/indicators/1/formula", message: "Không có chỉ tiêu KHONG_CO" },
    ]);
    const versions = await call("GET", `/regimes/${regime.id}/templates`, admin);
    assert.deepEqual(versions.json<{ items: unknown[] }>().items, []);
  });

  it("lets only the receiving organization's administrators manage a regime", async () => {
    const regime = (await call("POST", "/regimes", admin, regimeInput())).json<Regime>();
    for (const headers of [officer, strangerAdmin]) {
      assert.equal((await call("POST", "/regimes", headers, regimeInput())).statusCode, 403);
      assert.equal(
        (await call("PUT", `/regimes/${regime.id}/template`, headers, definition())).statusCode,
        403,
      );
      assert.equal((await call("POST", `/regimes/${regime.id}/retire`, headers)).statusCode, 403);
    }
    assert.equal((await call("GET", "/regimes")).statusCode, 401);
    assert.equal((await call("GET", `/regimes/${regime.id}/schedule`)).statusCode, 401);
    assert.equal((await call("GET", `/regimes/${regime.id}`, officer)).statusCode, 200);
  });

  it("lists each unit's expected reports with Decree 09 windows and working-day deadlines", async () => {
    const quarterly = (await call("POST", "/regimes", admin, regimeInput())).json<Regime>();
    const rows = await expectedReports({
      db: platform.ctx.db,
      actor: { kind: "system", name: "test" },
      regimeId: quarterly.id,
      from: "2026-01-01",
      to: "2026-12-31",
      today: "2026-09-18",
    });
    const q = (id: string) => rows.filter((r) => r.periodId === id);
    assert.equal(rows.length, 4 * provinces.length);
    // Q1 2026: 15 Dec 2025 → 14 Mar 2026, due on the 20th of March (a Friday).
    assert.deepEqual(pick(q("2026Q1")[0]!), ["2025-12-15", "2026-03-14", "2026-03-20", "late"]);
    // Q3: cut off on 14 Sep; the 20th is a Sunday, so the deadline is Monday the 21st.
    assert.deepEqual(pick(q("2026Q3")[0]!), ["2026-06-15", "2026-09-14", "2026-09-21", "open"]);
    assert.deepEqual(pick(q("2026Q4")[0]!), ["2026-09-15", "2026-12-14", "2026-12-21", "upcoming"]);
    assert.deepEqual(
      q("2026Q1")
        .map((r) => r.organization.id)
        .sort(),
      provinces.map((p) => p.id).sort(),
    );

    // Two working days after a calendar month: January 2027 → 2 Feb 2027 (Tue).
    const monthly = (
      await call(
        "POST",
        "/regimes",
        admin,
        regimeInput({
          frequency: "monthly",
          windowRule: "calendar",
          deadlineRule: { kind: "working_days_after_end", days: 2 },
          reportingRule: {
            kind: "organization_kind",
            organizationKind: "ministry",
            shortName: "BNV",
          },
        }),
      )
    ).json<Regime>();
    const months = await expectedReports({
      db: platform.ctx.db,
      actor: { kind: "system", name: "test" },
      regimeId: monthly.id,
      from: "2027-01-01",
      to: "2027-02-28",
      today: "2027-03-01",
    });
    const january = months.find(
      (r) => r.periodId === "202701" && r.organization.id === ministry.id,
    );
    assert.deepEqual(pick(january!), ["2027-01-01", "2027-01-31", "2027-02-02", "late"]);
    // February 2027 is cut off on Sunday the 28th: two working days after are 1 and 2 March.
    const february = months.find(
      (r) => r.periodId === "202702" && r.organization.id === ministry.id,
    );
    assert.deepEqual(pick(february!), ["2027-02-01", "2027-02-28", "2027-03-02", "open"]);

    const http = await call(
      "GET",
      `/regimes/${quarterly.id}/schedule?from=2026-01-01&to=2026-06-30`,
      officer,
    );
    assert.equal(http.statusCode, 200, http.body);
    assert.equal(http.json<{ items: ExpectedReport[] }>().items.length, 2 * provinces.length);
  });
});

const pick = (r: ExpectedReport) => [r.start, r.end, r.deadline, r.status];
