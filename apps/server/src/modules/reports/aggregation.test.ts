import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Actor } from "../../core/actor.ts";
import type { AppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, systemActor } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { aggregate, type Aggregate, type AggregateRow } from "./aggregation.ts";
import { createRegime, setRegimeStatus } from "./regimes.ts";
import { openReport } from "./report-open.ts";
import { reviewReport } from "./review.ts";
import { saveReport, submitReport } from "./submissions.ts";
import { publishTemplate, saveDraftTemplate } from "./templates.ts";
import { SEX } from "./testing.ts";

const actor: Actor = systemActor;

/** Cell value of a row: `indicator` total, or `indicator{option}`. */
const cell = (row: AggregateRow, indicator: string, option: string | null = null) =>
  row.cells.find((c) => c.indicator === indicator && c.option === option)?.value;

describe("reports: live aggregation along the hierarchy, over periods and disaggregations", () => {
  let platform: Platform;
  let nation: Organization;
  let north: Organization;
  let south: Organization;
  let units: { d1: Organization; d2: Organization; d3: Organization };
  let regimeId: string;

  /** One unit's report of a period with its values, submitted (on time when `onTime`). */
  const report = async (
    unit: Organization,
    periodId: string,
    values: { indicator: string; combination?: string; value: number }[],
    onTime = true,
  ) => {
    const opened = await openReport({
      db: platform.ctx.db,
      actor,
      regimeId,
      organizationId: unit.id,
      periodId,
    });
    await saveReport({ db: platform.ctx.db, actor, id: opened.id, values });
    const submitted = await submitReport({
      ctx: platform.ctx,
      actor,
      id: opened.id,
      now: onTime ? new Date(`${opened.deadline}T03:00:00Z`) : new Date(),
    });
    return submitted.id;
  };
  const sum = (periodId: string, options: Partial<Parameters<typeof aggregate>[0]> = {}) =>
    aggregate({
      db: platform.ctx.db,
      actor,
      regimeId,
      periodId,
      organizationId: nation.id,
      ...options,
    });

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { kind: "ministry", shortName: "BNV" });
    nation = await createTestOrganization(db, { name: "Cả nước" });
    north = await createTestOrganization(db, { name: "Tỉnh Bắc", parentId: nation.id });
    south = await createTestOrganization(db, { name: "Tỉnh Nam", parentId: nation.id });
    // Where they sit: d1 in a ward of Hà Nội, d3 in Hà Nội at city level, d2 in Hồ Chí Minh City.
    units = {
      d1: await createTestOrganization(db, {
        name: "Sở Nội vụ Bắc",
        parentId: north.id,
        adminUnitCode: "00004",
      }),
      d3: await createTestOrganization(db, {
        name: "Sở Tư pháp Bắc",
        parentId: north.id,
        adminUnitCode: "01",
      }),
      d2: await createTestOrganization(db, {
        name: "Sở Nội vụ Nam",
        parentId: south.id,
        adminUnitCode: "79",
      }),
    };
    const regime = await createRegime({
      db,
      actor,
      input: {
        code: "BC-TONG-HOP",
        name: "Báo cáo công chức",
        legalBasis: "Thông tư 18/2025/TT-BNV",
        kind: "periodic",
        frequency: "quarterly",
        windowRule: "decree09",
        deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
        reportingRule: {
          kind: "organizations",
          organizationIds: [units.d1.id, units.d2.id, units.d3.id],
        },
        receivingOrganizationId: ministry.id,
        effectiveFrom: "2026-01-01",
      },
    });
    regimeId = regime.id;
    await saveDraftTemplate({
      db,
      actor,
      regimeId,
      definition: {
        sections: [],
        categories: [SEX],
        forms: [
          {
            code: "B1",
            title: "Công chức",
            indicators: [
              // A stock at the cut-off: over time, the latest quarter counts.
              {
                code: "CC",
                name: "Công chức",
                type: "integer",
                categories: ["GIOI_TINH"],
                aggregation: "last",
              },
              // A flow: recruitments add up over quarters.
              { code: "TUYEN_DUNG", name: "Tuyển dụng", type: "integer" },
              { code: "TY_LE_NU", name: "Tỷ lệ nữ", type: "percent", formula: "CC{nu} / CC * 100" },
              { code: "DIEM", name: "Điểm hài lòng", type: "number", aggregation: "average" },
            ],
          },
        ],
        rules: [],
      },
    });
    await publishTemplate({ db, actor, regimeId });
    await setRegimeStatus({ db, actor, id: regimeId, status: "active" });

    const cc = (nam: number, nu: number) => [
      { indicator: "CC", combination: "nam", value: nam },
      { indicator: "CC", combination: "nu", value: nu },
    ];
    await report(units.d1, "2026Q1", [
      ...cc(60, 40),
      { indicator: "TUYEN_DUNG", value: 5 },
      { indicator: "DIEM", value: 80 },
    ]);
    await report(units.d1, "2026Q2", [
      ...cc(62, 43),
      { indicator: "TUYEN_DUNG", value: 3 },
      { indicator: "DIEM", value: 90 },
    ]);
    await report(units.d3, "2026Q2", [...cc(20, 30), { indicator: "TUYEN_DUNG", value: 1 }]);
    await report(units.d2, "2026Q1", [...cc(50, 50), { indicator: "TUYEN_DUNG", value: 4 }], false);
    await report(units.d2, "2026Q2", [...cc(48, 52), { indicator: "TUYEN_DUNG", value: 2 }], false);
  });
  after(() => platform.stop());

  it("adds the year up: stocks from the latest quarter, flows over quarters, ratios from the sums", async () => {
    const year = await sum("2026", { category: "GIOI_TINH" });
    assert.deepEqual(year.period.periods, ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]);
    const total = year.total;
    // CC at Q2: 62 + 43 + 20 + 30 + 48 + 52.
    assert.equal(cell(total, "CC"), 255);
    assert.equal(cell(total, "CC", "nu"), 125);
    assert.equal(cell(total, "CC", "nam"), 130);
    assert.equal(cell(total, "TUYEN_DUNG"), 5 + 3 + 1 + 4 + 2);
    assert.equal(cell(total, "TY_LE_NU"), (125 / 255) * 100);
    assert.equal(cell(total, "DIEM"), 85);
    // 3 units × 4 quarters expected; 5 submitted, 3 of them on time.
    assert.deepEqual(total.completeness, { expected: 12, submitted: 5, onTime: 3, accepted: 0 });
  });

  it("gives the total per combination when asked, stocks, flows and averages as in the total", async () => {
    const plain = await sum("2026", { groupBy: "organization" });
    const year = await sum("2026", { groupBy: "organization", combinations: true });
    assert.equal(plain.total.combinations, undefined);
    assert.deepEqual(year.total.cells, plain.total.cells);
    assert.deepEqual(year.rows, plain.rows);
    const byKey = (v: { indicator: string; combination: string }) =>
      `${v.indicator}\n${v.combination}`;
    assert.deepEqual(
      [...year.total.combinations!].sort((a, b) => byKey(a).localeCompare(byKey(b))),
      [
        // The stock at Q2 only, per option; the computed share is not among them.
        { indicator: "CC", combination: "nam", value: 62 + 20 + 48 },
        { indicator: "CC", combination: "nu", value: 43 + 30 + 52 },
        { indicator: "DIEM", combination: "", value: (80 + 90) / 2 },
        { indicator: "TUYEN_DUNG", combination: "", value: 5 + 3 + 1 + 4 + 2 },
      ],
    );
  });

  it("groups by the root's children and by period", async () => {
    const byProvince = await sum("2026Q2", { groupBy: "organization" });
    const row = (label: string) => byProvince.rows.find((r) => r.label === label)!;
    assert.deepEqual(
      byProvince.rows.map((r) => r.label),
      ["Tỉnh Bắc", "Tỉnh Nam"],
    );
    assert.equal(cell(row("Tỉnh Bắc"), "CC"), 62 + 43 + 20 + 30);
    assert.equal(cell(row("Tỉnh Nam"), "CC"), 100);
    assert.deepEqual(row("Tỉnh Bắc").completeness, {
      expected: 2,
      submitted: 2,
      onTime: 2,
      accepted: 0,
    });
    assert.deepEqual(row("Tỉnh Nam").completeness, {
      expected: 1,
      submitted: 1,
      onTime: 0,
      accepted: 0,
    });

    // Flows only (no stock among the indicators asked for): summed without a per-period split.
    const flows = await sum("2026", { groupBy: "organization", indicators: ["TUYEN_DUNG"] });
    assert.deepEqual(
      flows.rows.map((r) => [r.label, cell(r, "TUYEN_DUNG")]),
      [
        ["Tỉnh Bắc", 5 + 3 + 1],
        ["Tỉnh Nam", 4 + 2],
      ],
    );

    const byQuarter = await sum("2026", { groupBy: "period", indicators: ["TUYEN_DUNG"] });
    assert.deepEqual(
      byQuarter.rows.map((r) => [r.key, cell(r, "TUYEN_DUNG") ?? null, r.completeness.submitted]),
      [
        ["2026Q1", 9, 2],
        ["2026Q2", 6, 3],
        ["2026Q3", null, 0],
        ["2026Q4", null, 0],
      ],
    );
  });

  it("adds up along administrative units: by province, and by commune within one province", async () => {
    const byProvince = await sum("2026Q2", { groupBy: "area", category: "GIOI_TINH" });
    assert.equal(byProvince.area, null);
    assert.deepEqual(
      byProvince.rows.map((r) => [r.key, r.label, cell(r, "CC"), r.completeness.expected]),
      [
        ["01", "Thành phố Hà Nội", 62 + 43 + 20 + 30, 2],
        ["79", "Thành phố Hồ Chí Minh", 100, 1],
      ],
    );
    assert.equal(cell(byProvince.total, "CC", "nu"), 43 + 30 + 52);

    const hanoi = await sum("2026Q2", { groupBy: "area", area: "01" });
    assert.deepEqual(hanoi.area, { code: "01", name: "Thành phố Hà Nội" });
    assert.equal(hanoi.total.label, "Thành phố Hà Nội");
    assert.deepEqual(
      hanoi.rows.map((r) => [r.key, r.label, cell(r, "CC")]),
      [
        // Units at city level stay in the city's own row.
        ["00004", "Phường Ba Đình", 105],
        ["01", "Thành phố Hà Nội", 50],
      ],
    );
    assert.equal(cell(hanoi.total, "CC"), 155);
    assert.deepEqual(hanoi.total.completeness, {
      expected: 2,
      submitted: 2,
      onTime: 2,
      accepted: 0,
    });

    // A province filters any grouping; units elsewhere drop out.
    const hcm = await sum("2026", { groupBy: "period", area: "79", indicators: ["TUYEN_DUNG"] });
    assert.deepEqual(
      hcm.rows.map((r) => cell(r, "TUYEN_DUNG") ?? null),
      [4, 2, null, null],
    );
    await assert.rejects(
      sum("2026Q2", { groupBy: "area", area: "00004" }),
      (e: AppError) => e.code === "validation_failed" && e.errors?.[0]?.path === "/area",
    );
  });

  it("is live: an acceptance shows at once among accepted values; drafts only when asked", async () => {
    const before = await sum("2026Q1", { include: "accepted" });
    assert.equal(cell(before.total, "TUYEN_DUNG"), null);
    const reportId = (
      await openReport({
        db: platform.ctx.db,
        actor,
        regimeId,
        organizationId: units.d2.id,
        periodId: "2026Q1",
      })
    ).id;
    await reviewReport({ db: platform.ctx.db, actor, id: reportId, decision: "accept" });
    const after = await sum("2026Q1", { include: "accepted" });
    assert.equal(cell(after.total, "TUYEN_DUNG"), 4);
    assert.equal(after.total.completeness.accepted, 1);

    const draft = await openReport({
      db: platform.ctx.db,
      actor,
      regimeId,
      organizationId: units.d3.id,
      periodId: "2026Q1",
    });
    await saveReport({
      db: platform.ctx.db,
      actor,
      id: draft.id,
      values: [{ indicator: "TUYEN_DUNG", value: 7 }],
    });
    assert.equal(cell((await sum("2026Q1")).total, "TUYEN_DUNG"), 9);
    assert.equal(cell((await sum("2026Q1", { include: "all" })).total, "TUYEN_DUNG"), 16);
  });

  it("lets a unit see its own subtree and the receiving organization everything, over HTTP", async () => {
    const officer = await createTestUser(platform, {
      organizationId: north.id,
      roles: ["reporting_officer"],
    });
    const get = (organizationId: string) =>
      platform.app.inject({
        method: "GET",
        url: `/api/v1/reports/regimes/${regimeId}/aggregate?period=2026Q2&organizationId=${organizationId}&groupBy=organization&indicators=CC,TY_LE_NU`,
        headers: officer.bearer,
      });
    const own = await get(north.id);
    assert.equal(own.statusCode, 200, own.body);
    const body = own.json<Aggregate>();
    assert.equal(cell(body.total, "CC"), 155);
    assert.deepEqual(body.rows.map((r) => r.label).sort(), ["Sở Nội vụ Bắc", "Sở Tư pháp Bắc"]);
    assert.equal((await get(nation.id)).statusCode, 403);
    const bad = await platform.app.inject({
      method: "GET",
      url: `/api/v1/reports/regimes/${regimeId}/aggregate?period=202604&organizationId=${north.id}`,
      headers: officer.bearer,
    });
    assert.equal(bad.statusCode, 400);
    const byArea = await platform.app.inject({
      method: "GET",
      url: `/api/v1/reports/regimes/${regimeId}/aggregate?period=2026Q2&organizationId=${north.id}&groupBy=area&area=01&indicators=CC`,
      headers: officer.bearer,
    });
    assert.equal(byArea.statusCode, 200, byArea.body);
    assert.deepEqual(
      byArea.json<Aggregate>().rows.map((r) => r.label),
      ["Phường Ba Đình", "Thành phố Hà Nội"],
    );
  });
});
