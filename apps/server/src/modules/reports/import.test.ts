import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, systemActor } from "../directory/testing.ts";
import { createTestClient } from "../identity/oidc/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import type { ImportSummary } from "./import-schema.ts";
import type { ReportView } from "./report-schema.ts";
import type { Regime } from "./schema.ts";
import { reviewReport } from "./review.ts";
import { submitReport } from "./submissions.ts";
import type { TemplateDefinition } from "./template.ts";
import { SEX } from "./testing.ts";

type Headers = Record<string, string>;
type Row = Record<string, unknown>;
type Problem = { status: number; detail: string; importSummary?: ImportSummary; line?: number };

const template = (): TemplateDefinition => ({
  sections: [{ code: "TINH_HINH", title: "Tình hình thực hiện" }],
  categories: [SEX],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng công chức",
      indicators: [
        {
          code: "CC",
          name: "Công chức",
          type: "integer",
          min: 0,
          max: 100_000,
          categories: ["GIOI_TINH"],
        },
        { code: "CC_DANG_VIEN", name: "Đảng viên", type: "integer", min: 0 },
        { code: "TY_LE_NU", name: "Tỷ lệ nữ", type: "percent", formula: "CC{nu} / CC * 100" },
        { code: "GHI_CHU", name: "Ghi chú", type: "text" },
      ],
    },
  ],
  rules: [],
});

describe("reports: bulk import of values (DHIS2 dataValueSets, JSON and CSV)", () => {
  let platform: Platform;
  let provinceA: Organization;
  let provinceB: Organization;
  let outsider: Organization;
  let regime: Regime;
  let admin: Headers;
  let officerA: Headers;
  let officerOutsider: Headers;

  const post = (
    query: string,
    headers: Headers | undefined,
    payload: object | string,
    contentType = "application/json",
  ) =>
    platform.app.inject({
      method: "POST",
      url: `/api/v1/reports/dataValueSets${query}`,
      headers: { ...headers, "content-type": contentType },
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
    });
  const imported = async (response: ReturnType<typeof post>): Promise<ImportSummary> => {
    const r = await response;
    assert.equal(r.statusCode, 200, r.body);
    return r.json<ImportSummary>();
  };
  const refused = async (response: ReturnType<typeof post>, status = 409): Promise<Problem> => {
    const r = await response;
    assert.equal(r.statusCode, status, r.body);
    return r.json<Problem>();
  };
  const set = (dataValues: Row[], extra: Row = {}) => ({
    dataSet: regime.code,
    ...extra,
    dataValues,
  });
  /** What is stored for a unit and period, as `indicator/combination = value`. */
  const stored = async (organizationId: string, periodId: string) => {
    const { rows } = await sql<{ indicator: string; combination: string; v: string }>`
      select indicator, combination, coalesce(text_value, value::text) as v from rpt_values
      where organization_id = ${organizationId} and period_id = ${periodId}
      order by indicator, combination`.execute(platform.ctx.db);
    return rows.map(
      (r) => `${r.indicator}/${r.combination}=${Number.isNaN(Number(r.v)) ? r.v : Number(r.v)}`,
    );
  };
  const reportCount = async (periodId: string) =>
    Number(
      (
        await sql<{ n: string }>`select count(*)::text as n from rpt_reports
          where regime_id = ${regime.id} and period_id = ${periodId}`.execute(platform.ctx.db)
      ).rows[0]!.n,
    );
  const imports = async () =>
    (await searchAudit(platform.ctx.db, { targetId: regime.id, limit: 100 })).filter(
      (e) => e.action === "reports.values_imported",
    );
  const reportOf = async (organizationId: string, periodId: string) => {
    const r = await platform.app.inject({
      method: "POST",
      url: "/api/v1/reports/reports",
      headers: admin,
      payload: { regimeId: regime.id, organizationId, periodId },
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json<ReportView>();
  };

  before(async () => {
    platform = await createTestPlatform({ listen: true, workers: false });
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    provinceA = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ A" });
    provinceB = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ B" });
    outsider = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ C" });
    const manager = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["org_admin"] })
    ).bearer;
    admin = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["system_admin"] })
    ).bearer;
    officerA = (
      await createTestUser(platform, { organizationId: provinceA.id, roles: ["reporting_officer"] })
    ).bearer;
    officerOutsider = (
      await createTestUser(platform, { organizationId: outsider.id, roles: ["reporting_officer"] })
    ).bearer;
    const call = async (url: string, payload?: object) => {
      const r = await platform.app.inject({
        method: url.endsWith("/template") ? "PUT" : "POST",
        url: `/api/v1/reports${url}`,
        headers: manager,
        ...(payload && { payload }),
      });
      assert.ok(r.statusCode < 300, r.body);
      return r.json<Regime>();
    };
    regime = await call("/regimes", {
      code: `BC-CC-${randomUUID().slice(0, 6)}`,
      name: "Báo cáo số lượng công chức hằng quý",
      legalBasis: "Thông tư 18/2025/TT-BNV",
      kind: "periodic",
      frequency: "quarterly",
      windowRule: "decree09",
      deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
      reportingRule: { kind: "organizations", organizationIds: [provinceA.id, provinceB.id] },
      receivingOrganizationId: ministry.id,
      effectiveFrom: "2026-01-01",
    });
    await call(`/regimes/${regime.id}/template`, template());
    await call(`/regimes/${regime.id}/template/publish`);
    await call(`/regimes/${regime.id}/activate`);
  });
  after(() => platform.stop());

  it("imports two provinces' values, then the same payload again changes nothing", async () => {
    const payload = set(
      [
        { dataElement: "CC", categoryOptionCombo: "nam", orgUnit: provinceA.code, value: "60" },
        { dataElement: "CC", categoryOptionCombo: "nu", orgUnit: provinceA.code, value: "40" },
        {
          dataElement: "CC_DANG_VIEN",
          categoryOptionCombo: "HllvX50cXC0",
          orgUnit: provinceA.code,
          value: 70,
        },
        { dataElement: "GHI_CHU", orgUnit: provinceA.code, value: 'Đủ "biên chế", không thiếu' },
        // The unit by its id, the period from the set, DHIS2's "default" combination.
        { dataElement: "CC", categoryOptionCombo: "nam", orgUnit: provinceB.id, value: "12" },
        {
          dataElement: "CC_DANG_VIEN",
          categoryOptionCombo: "default",
          orgUnit: provinceB.id,
          value: "9",
        },
      ],
      { period: "2026Q3", completeDate: "2026-09-20" },
    );
    const first = await imported(post("", admin, payload));
    assert.deepEqual(first, {
      status: "SUCCESS",
      dryRun: false,
      importCount: { imported: 6, updated: 0, ignored: 0, deleted: 0 },
      conflicts: [],
    });
    assert.deepEqual(await stored(provinceA.id, "2026Q3"), [
      "CC/nam=60",
      "CC/nu=40",
      "CC_DANG_VIEN/=70",
      'GHI_CHU/=Đủ "biên chế", không thiếu',
    ]);
    assert.deepEqual(await stored(provinceB.id, "2026Q3"), ["CC/nam=12", "CC_DANG_VIEN/=9"]);
    // The reports were opened as drafts with the published template, like data entry does.
    const report = await reportOf(provinceA.id, "2026Q3");
    assert.deepEqual([report.status, report.templateVersion], ["draft", 1]);
    assert.deepEqual(report.computed, [{ indicator: "TY_LE_NU", value: 40 }]);

    const audit = await imports();
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.details, {
      regime: regime.code,
      atomic: true,
      imported: 6,
      updated: 0,
      ignored: 0,
      deleted: 0,
      conflicts: 0,
      units: [provinceA.code, provinceB.code].sort(),
      periods: ["2026Q3"],
    });

    // Idempotent: the same payload again is all "ignored", nothing written, nothing audited.
    const again = await imported(post("", admin, payload));
    assert.deepEqual(again.importCount, { imported: 0, updated: 0, ignored: 6, deleted: 0 });
    assert.equal((await imports()).length, 1);

    // A changed value is updated; an empty one clears its cell.
    const changed = await imported(
      post(`?dataSet=${regime.code}`, admin, {
        dataValues: [
          {
            dataElement: "CC",
            categoryOptionCombo: "nam",
            period: "2026Q3",
            orgUnit: provinceB.code,
            value: "13",
          },
          { dataElement: "CC_DANG_VIEN", period: "2026Q3", orgUnit: provinceB.code, value: "" },
          { dataElement: "GHI_CHU", period: "2026Q3", orgUnit: provinceB.code, value: null },
        ],
      }),
    );
    assert.deepEqual(changed.importCount, { imported: 0, updated: 1, ignored: 1, deleted: 1 });
    assert.deepEqual(await stored(provinceB.id, "2026Q3"), ["CC/nam=13"]);
  });

  const mixed = () =>
    set([
      {
        dataElement: "CC",
        categoryOptionCombo: "nam",
        orgUnit: provinceA.code,
        period: "2026Q2",
        value: "55",
      },
      {
        dataElement: "CC",
        categoryOptionCombo: "nu",
        orgUnit: provinceA.code,
        period: "2026Q2",
        value: "bốn mươi",
      },
      { dataElement: "CC_DANG_VIEN", orgUnit: provinceA.code, period: "2026Q2", value: "-3" },
      { dataElement: "KHONG_CO", orgUnit: provinceA.code, period: "2026Q2", value: "1" },
      {
        dataElement: "CC",
        categoryOptionCombo: "nam",
        orgUnit: "000.00.00.X99",
        period: "2026Q2",
        value: "1",
      },
      {
        dataElement: "CC",
        categoryOptionCombo: "nam",
        orgUnit: outsider.code,
        period: "2026Q2",
        value: "1",
      },
      {
        dataElement: "CC",
        categoryOptionCombo: "nam",
        orgUnit: provinceB.code,
        period: "2025Q4",
        value: "1",
      },
      {
        dataElement: "CC",
        categoryOptionCombo: "nam",
        orgUnit: provinceB.code,
        period: "2030Q1",
        value: "1",
      },
      {
        dataElement: "CC",
        categoryOptionCombo: "nam",
        orgUnit: provinceA.code,
        period: "2026Q2",
        value: "56",
      },
      {
        dataElement: "CC",
        categoryOptionCombo: "khac",
        orgUnit: provinceB.code,
        period: "2026Q2",
        value: "1",
      },
      { dataElement: "TY_LE_NU", orgUnit: provinceB.code, period: "2026Q2", value: "40" },
      {
        dataElement: "CC",
        categoryOptionCombo: "nu",
        orgUnit: provinceB.code,
        period: "2026Q2",
        value: "21",
      },
    ]);
  const mixedConflicts = () => [
    [1, "value", "bốn mươi", 'Giá trị "bốn mươi" không phải là số'],
    [2, "value", "-3", "Giá trị -3 nhỏ hơn mức tối thiểu 0"],
    [3, "dataElement", "KHONG_CO", "Không có chỉ tiêu KHONG_CO trong mẫu báo cáo"],
    [4, "orgUnit", "000.00.00.X99", "Không có cơ quan 000.00.00.X99 đang hoạt động"],
    [
      5,
      "orgUnit",
      outsider.code,
      `Đơn vị ${outsider.code} không thuộc diện báo cáo theo chế độ này`,
    ],
    [6, "period", "2025Q4", "Kỳ 2025Q4 nằm ngoài thời gian hiệu lực của chế độ báo cáo."],
    [7, "period", "2030Q1", "Kỳ 2030Q1 chưa bắt đầu."],
    [8, "dataElement", "CC", "Giá trị của CC (nam) bị nhập hai lần (lần đầu ở vị trí 0)"],
    [9, "categoryOptionCombo", "khac", "Chỉ tiêu CC không có tổ hợp phân tổ khac"],
    [10, "dataElement", "TY_LE_NU", "Chỉ tiêu TY_LE_NU được tính tự động, không nhập"],
  ];
  const described = (summary: ImportSummary) =>
    summary.conflicts.map((c) => [c.index, c.property, c.object, c.reason]);

  it("refuses an import with bad rows whole, listing each, with nothing written", async () => {
    const problem = await refused(post("", admin, mixed()));
    assert.match(problem.detail, /10 giá trị bị từ chối; chưa ghi giá trị nào/);
    const summary = problem.importSummary!;
    assert.equal(summary.status, "ERROR");
    assert.deepEqual(summary.importCount, { imported: 0, updated: 0, ignored: 12, deleted: 0 });
    assert.deepEqual(described(summary), mixedConflicts());
    assert.equal(summary.conflicts[0]!.value, "bốn mươi");
    assert.equal(await reportCount("2026Q2"), 0);
  });

  it("writes the valid rows when asked for a partial import (atomicMode=NONE)", async () => {
    const summary = await imported(post("?atomicMode=NONE", admin, mixed()));
    assert.equal(summary.status, "WARNING");
    assert.deepEqual(summary.importCount, { imported: 2, updated: 0, ignored: 10, deleted: 0 });
    assert.deepEqual(described(summary), mixedConflicts());
    assert.deepEqual(await stored(provinceA.id, "2026Q2"), ["CC/nam=55"]);
    assert.deepEqual(await stored(provinceB.id, "2026Q2"), ["CC/nu=21"]);
  });

  it("checks everything on a dry run and writes nothing, not even a report", async () => {
    const rows = [
      { dataElement: "CC", categoryOptionCombo: "nam", orgUnit: provinceA.code, value: "5" },
      { dataElement: "CC", categoryOptionCombo: "nu", orgUnit: provinceA.code, value: "6" },
    ];
    const summary = await imported(post("?dryRun=true", admin, set(rows, { period: "2026Q1" })));
    assert.deepEqual(summary, {
      status: "SUCCESS",
      dryRun: true,
      importCount: { imported: 2, updated: 0, ignored: 0, deleted: 0 },
      conflicts: [],
    });
    assert.equal(await reportCount("2026Q1"), 0);
    // A dry run with a bad row answers as the real import would.
    const bad = await refused(
      post("?dryRun=true", admin, set([{ ...rows[0], value: "x" }], { period: "2026Q1" })),
    );
    assert.equal(bad.importSummary!.dryRun, true);
    assert.equal(await reportCount("2026Q1"), 0);
  });

  it("refuses rows for a report that was submitted or accepted", async () => {
    const rows = (value: string) =>
      set(
        [
          { dataElement: "CC", categoryOptionCombo: "nam", orgUnit: provinceA.code, value },
          { dataElement: "CC", categoryOptionCombo: "nam", orgUnit: provinceB.code, value },
        ],
        { period: "2026Q1" },
      );
    await imported(post("", admin, rows("10")));
    const report = await reportOf(provinceA.id, "2026Q1");
    await submitReport({ ctx: platform.ctx, actor: systemActor, id: report.id });

    const whole = await refused(post("", admin, rows("11")));
    assert.deepEqual(described(whole.importSummary!), [
      [0, "period", "2026Q1", "Báo cáo kỳ 2026Q1 đã gửi, đang chờ xem xét; không sửa được"],
    ]);
    assert.deepEqual(await stored(provinceB.id, "2026Q1"), ["CC/nam=10"]);

    const partial = await imported(post("?atomicMode=NONE", admin, rows("11")));
    assert.deepEqual(partial.importCount, { imported: 0, updated: 1, ignored: 1, deleted: 0 });
    assert.deepEqual(await stored(provinceA.id, "2026Q1"), ["CC/nam=10"]);
    assert.deepEqual(await stored(provinceB.id, "2026Q1"), ["CC/nam=11"]);

    await reviewReport({
      db: platform.ctx.db,
      actor: systemActor,
      id: report.id,
      decision: "accept",
    });
    const locked = await imported(post("?atomicMode=NONE", admin, rows("12")));
    assert.deepEqual(
      locked.conflicts.map((c) => c.reason),
      ["Báo cáo kỳ 2026Q1 đã được tiếp nhận; số liệu đã khóa"],
    );
  });

  it("imports DHIS2 CSV: columns by name, quoted fields, a BOM", async () => {
    const csv =
      "\uFEFFDataElement,Period,OrgUnit,CatOptCombo,AttrOptCombo,Value,StoredBy,LastUpdated,Comment,FollowUp\r\n" +
      `CC,2026Q4,${provinceA.code},nam,,"7",tinh,,,false\r\n` +
      `GHI_CHU,2026Q4,${provinceA.code},,default,"Dòng một, có dấu phẩy\r\nvà ""ngoặc kép""",tinh,,"ghi chú",false\r\n` +
      `CC,2026Q4,${provinceA.code},nu,,8,tinh,,,false\r\n`;
    // 2026Q4 (15 September → 14 December) has begun by the time these tests run.
    const summary = await imported(post(`?dataSet=${regime.code}`, admin, csv, "text/csv"));
    assert.deepEqual(summary.importCount, { imported: 3, updated: 0, ignored: 0, deleted: 0 });
    assert.deepEqual(await stored(provinceA.id, "2026Q4"), [
      "CC/nam=7",
      "CC/nu=8",
      'GHI_CHU/=Dòng một, có dấu phẩy\r\nvà "ngoặc kép"',
    ]);
    // Columns in another order, only the required ones, as application/csv.
    const short = `value,orgunit,period,dataelement\n9,${provinceA.code},2026Q4,CC_DANG_VIEN\n`;
    const more = await imported(post(`?dataSet=${regime.code}`, admin, short, "application/csv"));
    assert.equal(more.importCount.imported, 1);
  });

  it("refuses a malformed CSV with its line number", async () => {
    const header = "dataelement,period,orgunit,catoptcombo,value\n";
    const unclosed = `${header}CC,2026Q4,${provinceA.code},nam,1\nGHI_CHU,2026Q4,${provinceA.code},,"open\n`;
    const a = await refused(post(`?dataSet=${regime.code}`, admin, unclosed, "text/csv"), 400);
    assert.equal(a.line, 3);
    assert.match(a.detail, /dòng 3/);
    // Line breaks inside quoted fields count: the short record is on line 4.
    const short = `${header}GHI_CHU,2026Q4,${provinceA.code},,"a\nb"\nCC,2026Q4,${provinceA.code}\n`;
    const b = await refused(post(`?dataSet=${regime.code}`, admin, short, "text/csv"), 400);
    assert.equal(b.line, 4);
    const noValue = await refused(
      post(
        `?dataSet=${regime.code}`,
        admin,
        "dataelement,period,orgunit\nCC,2026Q4,x\n",
        "text/csv",
      ),
      400,
    );
    assert.equal(noValue.line, 1);
    assert.match(noValue.detail, /thiếu cột value/);
  });

  it("lets a unit's officer import its own unit only, per row", async () => {
    const rows = set(
      [
        { dataElement: "CC_DANG_VIEN", orgUnit: provinceA.code, value: "30" },
        { dataElement: "CC_DANG_VIEN", orgUnit: provinceB.code, value: "30" },
      ],
      { period: "2026Q3" },
    );
    const summary = await imported(post("?atomicMode=NONE", officerA, rows));
    assert.deepEqual(
      summary.conflicts.map((c) => [c.index, c.reason]),
      [[1, `Không có quyền nhập số liệu của đơn vị ${provinceB.code}`]],
    );
    assert.equal(summary.importCount.updated, 1);
    assert.equal((await post("", officerOutsider, rows)).statusCode, 403);
    assert.equal((await post("", undefined, rows)).statusCode, 401);
    assert.equal((await post("", admin, set([], { dataSet: "KHONG-CO" }))).statusCode, 404);
  });

  it("takes pushes from a provincial system with an SSO client-credentials token", async () => {
    const base = platform.ctx.config.publicUrl;
    // The province's system, registered for the LGSP and for this API.
    const { client, clientSecret } = await createTestClient(platform, provinceA.id, {
      kind: "machine",
      scopes: ["lgsp", "reports"],
      resources: [`${base}/gw`, `${base}/api/v1/reports`],
    });
    const token = async (resource: string, scope: string) => {
      const response = await fetch(`${base}/oidc/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${clientSecret!}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "client_credentials", scope, resource }),
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { access_token: string }).access_token;
    };
    // A token for the LGSP gateway is not one for this API.
    const gateway = await refused(
      post("", { authorization: `Bearer ${await token(`${base}/gw`, "lgsp")}` }, set([])),
      401,
    );
    assert.equal((gateway as { tokenError?: string }).tokenError, "wrong_audience");

    // A token for this API, from the same SSO: its audience is the reports API.
    const reportsToken = await token(`${base}/api/v1/reports`, "reports");
    const machine = { authorization: `Bearer ${reportsToken}` };
    const rows = set(
      [
        { dataElement: "GHI_CHU", orgUnit: provinceA.code, value: "Từ hệ thống của tỉnh" },
        { dataElement: "GHI_CHU", orgUnit: provinceB.code, value: "Từ hệ thống của tỉnh" },
      ],
      { period: "2026Q2" },
    );
    const whole = await refused(post("", machine, rows));
    assert.deepEqual(
      whole.importSummary!.conflicts.map((c) => [c.index, c.reason]),
      [[1, `Không có quyền nhập số liệu của đơn vị ${provinceB.code}`]],
    );
    const partial = await imported(post("?atomicMode=NONE", machine, rows));
    assert.equal(partial.importCount.imported, 1);
    assert.ok((await stored(provinceA.id, "2026Q2")).includes("GHI_CHU/=Từ hệ thống của tỉnh"));
    const audit = (await imports()).at(0)!;
    assert.equal(audit.actorName, `system:lgsp-client:${client.clientId}`);
    assert.equal(audit.details.client, client.clientId);
    // Only units of its organization's subtree.
    assert.equal(
      (
        await post(
          "",
          machine,
          set([{ dataElement: "GHI_CHU", orgUnit: provinceB.code, value: "x" }], {
            period: "2026Q2",
          }),
        )
      ).statusCode,
      403,
    );
  });
});
