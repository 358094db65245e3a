import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import type { Actor } from "../../core/actor.ts";
import { parseCsv } from "../../core/csv.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, systemActor } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { aggregate, type Aggregate } from "./aggregation.ts";
import { createRegime, setRegimeStatus } from "./regimes.ts";
import { openReport } from "./report-open.ts";
import { saveReport, submitReport } from "./submissions.ts";
import { publishTemplate, saveDraftTemplate } from "./templates.ts";
import type { Indicator } from "./template.ts";
import { SEX } from "./testing.ts";
import { XLSX_TYPE } from "./xlsx-layout.ts";

const actor: Actor = systemActor;
type Headers = { authorization: string };

describe("reports: the live aggregate exported as Excel and CSV", () => {
  let platform: Platform;
  let nation: Organization;
  let north: Organization;
  let south: Organization;
  let regimeId: string;
  let units: Organization[];
  let ministry: Organization;
  let reviewer: Headers;
  let northOfficer: Headers;

  const query = (q: Record<string, string>) => new URLSearchParams(q).toString();
  const exported = (q: Record<string, string>, headers: Headers | null = reviewer) =>
    platform.app.inject({
      method: "GET",
      url: `/api/v1/reports/regimes/${regimeId}/aggregate/export?${query(q)}`,
      ...(headers && { headers }),
    });
  const sum = (q: { period: string; groupBy?: Aggregate["groupBy"]; category?: string }) =>
    aggregate({
      db: platform.ctx.db,
      actor,
      regimeId,
      periodId: q.period,
      organizationId: nation.id,
      groupBy: q.groupBy,
      category: q.category,
    });
  const names: Record<string, [string, string]> = {
    CC: ["Công chức", "người"],
    TUYEN_DUNG: ["Tuyển dụng", "người"],
    TY_LE_NU: ["Tỷ lệ nữ", "%"],
    DIEM: ["Điểm hài lòng", "điểm"],
  };
  /** The CSV rows the aggregate should give, built from `aggregate()` directly. */
  const expectedRows = (result: Aggregate) =>
    [...result.rows, result.total].flatMap((group) =>
      group.cells.map((c) => [
        group.key,
        group.label,
        c.indicator,
        ...names[c.indicator]!,
        c.option ?? "",
        c.option === null ? "Tổng số" : c.option === "nam" ? "Nam" : "Nữ",
        c.value === null ? "" : String(c.value),
      ]),
    );

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    ministry = await createTestOrganization(db, { kind: "ministry", shortName: "BNV" });
    nation = await createTestOrganization(db, { name: "Cả nước" });
    north = await createTestOrganization(db, { name: "Tỉnh Bắc", parentId: nation.id });
    south = await createTestOrganization(db, { name: "Tỉnh Nam", parentId: nation.id });
    const d1 = await createTestOrganization(db, { name: "Sở Nội vụ Bắc", parentId: north.id });
    const d2 = await createTestOrganization(db, { name: "Sở Tư pháp Bắc", parentId: north.id });
    const d3 = await createTestOrganization(db, { name: "Sở Nội vụ Nam", parentId: south.id });
    units = [d1, d2, d3];
    reviewer = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["reporting_officer"] })
    ).bearer;
    northOfficer = (
      await createTestUser(platform, { organizationId: north.id, roles: ["reporting_officer"] })
    ).bearer;
    const regime = await createRegime({
      db,
      actor,
      input: {
        code: "BC-XUAT",
        name: "Báo cáo công chức",
        legalBasis: "Thông tư 18/2025/TT-BNV",
        kind: "periodic",
        frequency: "quarterly",
        windowRule: "decree09",
        deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
        reportingRule: { kind: "organizations", organizationIds: [d1.id, d2.id, d3.id] },
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
              {
                code: "CC",
                name: "Công chức",
                type: "integer",
                unit: "người",
                categories: ["GIOI_TINH"],
                aggregation: "last",
              },
              { code: "TUYEN_DUNG", name: "Tuyển dụng", type: "integer", unit: "người" },
              {
                code: "TY_LE_NU",
                name: "Tỷ lệ nữ",
                type: "percent",
                unit: "%",
                formula: "CC{nu} / CC * 100",
              },
            ],
          },
          {
            code: "B2",
            title: "Hài lòng",
            indicators: [
              {
                code: "DIEM",
                name: "Điểm hài lòng",
                type: "number",
                unit: "điểm",
                aggregation: "average",
              },
              { code: "GHI_CHU", name: "Ghi chú", type: "text" },
            ],
          },
        ],
        rules: [],
      },
    });
    await publishTemplate({ db, actor, regimeId });
    await setRegimeStatus({ db, actor, id: regimeId, status: "active" });
    const report = async (
      unit: Organization,
      values: { indicator: string; combination?: string; value: number | string }[],
      onTime: boolean,
    ) => {
      const opened = await openReport({
        db,
        actor,
        regimeId,
        organizationId: unit.id,
        periodId: "2026Q2",
      });
      await saveReport({ db, actor, id: opened.id, values });
      await submitReport({
        ctx: platform.ctx,
        actor,
        id: opened.id,
        now: onTime ? new Date(`${opened.deadline}T03:00:00Z`) : new Date(),
      });
    };
    const cc = (nam: number, nu: number) => [
      { indicator: "CC", combination: "nam", value: nam },
      { indicator: "CC", combination: "nu", value: nu },
    ];
    await report(
      d1,
      [...cc(62, 43), { indicator: "TUYEN_DUNG", value: 3 }, { indicator: "DIEM", value: 90 }],
      true,
    );
    await report(d2, [...cc(20, 30), { indicator: "GHI_CHU", value: "Đủ" }], true);
    await report(
      d3,
      [...cc(48, 52), { indicator: "TUYEN_DUNG", value: 2 }, { indicator: "DIEM", value: 71.5 }],
      false,
    );
  });
  after(() => platform.stop());

  it("writes CSV with a BOM, one row per group × indicator × option, equal to aggregate()", async () => {
    const q = { period: "2026Q2", groupBy: "organization", category: "GIOI_TINH" } as const;
    const r = await exported({ ...q, organizationId: nation.id, format: "csv" });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers["content-type"], "text/csv; charset=utf-8");
    assert.equal(
      r.headers["content-disposition"],
      'attachment; filename="tong-hop-BC-XUAT-2026Q2.csv"',
    );
    assert.deepEqual([...r.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(r.rawPayload.toString("utf8"));
    assert.deepEqual(header, [
      "Mã nhóm",
      "Nhóm",
      "Mã chỉ tiêu",
      "Chỉ tiêu",
      "Đơn vị tính",
      "Mã phân tổ",
      "Phân tổ",
      "Giá trị",
    ]);
    const result = await sum(q);
    assert.deepEqual(rows, expectedRows(result));
    // Spot checks against the numbers entered: the north's women, the average score.
    const value = (group: string, indicator: string, option = "") =>
      rows.find((row) => row[1] === group && row[2] === indicator && row[5] === option)?.[7];
    assert.equal(value("Tỉnh Bắc", "CC", "nu"), "73");
    assert.equal(value("Tỉnh Nam", "TY_LE_NU"), "52");
    assert.equal(value("Cả nước", "CC"), String(62 + 43 + 20 + 30 + 48 + 52));
    assert.equal(value("Cả nước", "DIEM"), String((90 + 71.5) / 2));
    assert.equal(value("Tỉnh Bắc", "TUYEN_DUNG"), "3");
  });

  it("writes only the total when nothing is grouped", async () => {
    const r = await exported({ period: "2026Q2", organizationId: nation.id, format: "csv" });
    assert.equal(r.statusCode, 200, r.body);
    const [, ...rows] = parseCsv(r.rawPayload.toString("utf8"));
    assert.deepEqual(rows, expectedRows(await sum({ period: "2026Q2" })));
    assert.ok(rows.every((row) => row[0] === "" && row[1] === "Cả nước"));
  });

  it("writes Excel in the template's layout: a sheet per form, a block per group, completeness", async () => {
    const q = { period: "2026Q2", groupBy: "organization", category: "GIOI_TINH" } as const;
    const r = await exported({ ...q, organizationId: nation.id });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers["content-type"], XLSX_TYPE);
    assert.equal(
      r.headers["content-disposition"],
      'attachment; filename="tong-hop-BC-XUAT-2026Q2.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ["Biểu 01 - tổng hợp", "Biểu 02 - tổng hợp", "Biểu 01", "Biểu 02", "Tỷ lệ nộp"],
    );
    const result = await sum(q);
    const groups = [...result.rows, result.total];
    const cellOf = (group: (typeof groups)[number], indicator: string, option: string | null) =>
      group.cells.find((c) => c.indicator === indicator && c.option === option)?.value ?? null;
    for (const [name, indicators] of [
      ["Biểu 01", ["CC", "TUYEN_DUNG", "TY_LE_NU"]],
      ["Biểu 02", ["DIEM"]],
    ] as const) {
      const sheet = workbook.getWorksheet(name)!;
      const titles = groups.map((g) => (g === result.total ? `Tổng cộng: ${g.label}` : g.label));
      let row = 6;
      for (const [i, group] of groups.entries()) {
        assert.equal(sheet.getCell(row, 1).value, titles[i]);
        assert.deepEqual((sheet.getRow(row + 1).values as ExcelJS.CellValue[]).slice(1), [
          "STT",
          "Mã chỉ tiêu",
          "Chỉ tiêu",
          "Đơn vị tính",
          "Tổng số",
          "Nam",
          "Nữ",
        ]);
        indicators.forEach((indicator, k) => {
          const line = sheet.getRow(row + 2 + k);
          assert.equal(line.getCell(2).value, indicator);
          assert.equal(line.getCell(5).value, cellOf(group, indicator, null));
          assert.equal(line.getCell(6).value, cellOf(group, indicator, "nam"));
          assert.equal(line.getCell(7).value, cellOf(group, indicator, "nu"));
        });
        row += 2 + indicators.length + 1;
      }
    }
    const completeness = workbook.getWorksheet("Tỷ lệ nộp")!;
    assert.deepEqual(
      groups.map((g, i) => (completeness.getRow(7 + i).values as ExcelJS.CellValue[]).slice(1)),
      [
        ["Tỉnh Bắc", 2, 2, 2, 0, 100, 100],
        ["Tỉnh Nam", 1, 1, 0, 0, 100, 0],
        ["Tổng cộng: Cả nước", 3, 3, 2, 0, 100, 66.7],
      ],
    );
  });

  describe("the total in the form's own layout", () => {
    const AGE = {
      code: "NHOM_TUOI",
      name: "Nhóm tuổi",
      // Not in alphabetical order: the headers follow the template.
      options: [
        { code: "tren_50", name: "Trên 50" },
        { code: "duoi_30", name: "Dưới 30" },
        { code: "tu_30_50", name: "Từ 30 đến 50" },
      ],
    };
    const combinationsOf = (...categories: (typeof AGE)[]) =>
      categories.reduce<string[][]>(
        (prefixes, c) => prefixes.flatMap((p) => c.options.map((o) => [...p, o.code])),
        [[]],
      );
    const SEX_AGE = combinationsOf(SEX, AGE);
    type Entered = { indicator: string; combination?: string; value: number };
    /** What each unit entered; the third keeps its report a draft, so it does not count. */
    const entered: Entered[][] = [
      [
        ...SEX_AGE.map((c, i) => ({ indicator: "CC", combination: c.join("."), value: 10 + i })),
        { indicator: "NGHI_HUU", combination: "nam.tren_50", value: 4 },
        { indicator: "NGHI_HUU", combination: "nu.tren_50", value: 1 },
        { indicator: "TUYEN_DUNG", value: 7 },
        { indicator: "DIEM", combination: "nam", value: 8 },
      ],
      [
        { indicator: "CC", combination: "nam.duoi_30", value: 5 },
        { indicator: "CC", combination: "nu.tu_30_50", value: 21 },
        { indicator: "NGHI_HUU", combination: "nam.tren_50", value: 2 },
        { indicator: "TUYEN_DUNG", value: 3 },
        { indicator: "DIEM", combination: "nam", value: 7.5 },
        { indicator: "DIEM", combination: "nu", value: 9 },
      ],
      [
        { indicator: "CC", combination: "nu.duoi_30", value: 1000 },
        { indicator: "NGHI_HUU", combination: "nu.duoi_30", value: 1000 },
      ],
    ];
    const counted = entered.slice(0, 2).flat();
    /** The sum (the average for DIEM) over the submitted reports, computed from what was entered. */
    const expected = (indicator: string, combination = "") => {
      const values = counted
        .filter((v) => v.indicator === indicator && (v.combination ?? "") === combination)
        .map((v) => v.value);
      if (values.length === 0) return null;
      const sum = values.reduce((a, b) => a + b, 0);
      return indicator === "DIEM" ? sum / values.length : sum;
    };
    const sumOf = (values: (number | null)[]) =>
      values.some((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null;
    let formId: string;

    before(async () => {
      const db = platform.ctx.db;
      const regime = await createRegime({
        db,
        actor,
        input: {
          code: "BC-BIEU",
          name: "Báo cáo công chức theo độ tuổi",
          legalBasis: "Thông tư 18/2025/TT-BNV",
          kind: "periodic",
          frequency: "quarterly",
          windowRule: "decree09",
          deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
          reportingRule: { kind: "organizations", organizationIds: units.map((u) => u.id) },
          receivingOrganizationId: ministry.id,
          effectiveFrom: "2026-01-01",
        },
      });
      formId = regime.id;
      const byBoth: Pick<Indicator, "type" | "unit" | "categories"> = {
        type: "integer",
        unit: "người",
        categories: ["GIOI_TINH", "NHOM_TUOI"],
      };
      await saveDraftTemplate({
        db,
        actor,
        regimeId: formId,
        definition: {
          sections: [],
          categories: [SEX, AGE],
          forms: [
            {
              code: "CC_01",
              title: "Công chức theo giới tính và độ tuổi",
              indicators: [
                { code: "CC", name: "Công chức", ...byBoth },
                { code: "NGHI_HUU", name: "Nghỉ hưu", ...byBoth },
                {
                  code: "TY_LE_NU",
                  name: "Tỷ lệ nữ",
                  type: "percent",
                  unit: "%",
                  formula: "CC{nu} / CC * 100",
                },
                { code: "TUYEN_DUNG", name: "Tuyển dụng", type: "integer", unit: "người" },
              ],
            },
            {
              code: "HL_02",
              title: "Hài lòng",
              indicators: [
                {
                  code: "DIEM",
                  name: "Điểm hài lòng",
                  type: "number",
                  categories: ["GIOI_TINH"],
                  aggregation: "average",
                },
              ],
            },
          ],
          rules: [],
        },
      });
      await publishTemplate({ db, actor, regimeId: formId });
      await setRegimeStatus({ db, actor, id: formId, status: "active" });
      for (const [i, values] of entered.entries()) {
        const opened = await openReport({
          db,
          actor,
          regimeId: formId,
          organizationId: units[i]!.id,
          periodId: "2026Q2",
        });
        await saveReport({ db, actor, id: opened.id, values });
        if (i < 2) await submitReport({ ctx: platform.ctx, actor, id: opened.id });
      }
    });

    const download = async () => {
      const r = await platform.app.inject({
        method: "GET",
        url: `/api/v1/reports/regimes/${formId}/aggregate/export?${query({ period: "2026Q2", groupBy: "organization", organizationId: nation.id, category: "NHOM_TUOI" })}`,
        headers: reviewer,
      });
      assert.equal(r.statusCode, 200, r.body);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      return workbook;
    };
    /** The row whose code column holds `code`. */
    const rowOf = (sheet: ExcelJS.Worksheet, code: string) => {
      for (let r = 1; r <= sheet.rowCount; r++)
        if (sheet.getCell(r, 2).value === code) return sheet.getRow(r);
      throw new Error(`no row for ${code}`);
    };

    it("comes first, one sheet per form, the grouped sheets and completeness after it", async () => {
      const workbook = await download();
      assert.deepEqual(
        workbook.worksheets.map((s) => s.name),
        ["Biểu 01 - tổng hợp", "Biểu 02 - tổng hợp", "Biểu 01", "Biểu 02", "Tỷ lệ nộp"],
      );
      const grouped = workbook.getWorksheet("Biểu 01")!;
      assert.equal(grouped.getCell(6, 1).value, "Tỉnh Bắc");
      assert.deepEqual((grouped.getRow(7).values as ExcelJS.CellValue[]).slice(5), [
        "Tổng số",
        "Trên 50",
        "Dưới 30",
        "Từ 30 đến 50",
      ]);
    });

    it("fills every indicator × combination with the sum over the submitted reports", async () => {
      const sheet = (await download()).getWorksheet("Biểu 01 - tổng hợp")!;
      const heading = [1, 2, 3, 4, 5].map((r) => String(sheet.getCell(r, 1).value));
      assert.match(heading[0]!, /^Biểu CC_01\. Công chức theo giới tính và độ tuổi/);
      assert.match(heading[1]!, /Báo cáo công chức theo độ tuổi \(BC-BIEU\)/);
      assert.match(heading[2]!, /2026Q2, từ ngày 15\/03\/2026 đến ngày 14\/06\/2026/);
      assert.match(heading[3]!, /Phạm vi: Cả nước/);
      assert.match(heading[4]!, /báo cáo đã gửi và đã tiếp nhận; đã nộp 2\/3/);

      // Two header rows over the six columns of sex × age, in the template's order.
      const cc = rowOf(sheet, "CC");
      const [sexRow, ageRow] = [sheet.getRow(cc.number - 2), sheet.getRow(cc.number - 1)];
      assert.equal(sexRow.getCell(5).value, "Tổng số / Total");
      SEX_AGE.forEach(([sex, age], i) => {
        assert.equal(sexRow.getCell(6 + i).value, sex === "nam" ? "Nam" : "Nữ");
        assert.equal(ageRow.getCell(6 + i).value, AGE.options.find((o) => o.code === age)!.name);
      });
      assert.equal(sexRow.getCell(6 + SEX_AGE.length).value, null);

      for (const indicator of ["CC", "NGHI_HUU"]) {
        const line = rowOf(sheet, indicator);
        const values = SEX_AGE.map((c) => expected(indicator, c.join(".")));
        SEX_AGE.forEach((_, i) => assert.equal(line.getCell(6 + i).value, values[i]));
        assert.equal(line.getCell(5).value, sumOf(values));
      }
      // Spot checks: no retirement under 30 reported; the draft's 1000 left out; two units added.
      assert.equal(rowOf(sheet, "NGHI_HUU").getCell(6 + 1).value, null);
      assert.equal(rowOf(sheet, "CC").getCell(6 + 4).value, 14);
      assert.equal(rowOf(sheet, "CC").getCell(6 + 5).value, 15 + 21);

      const women = sumOf(
        SEX_AGE.filter(([sex]) => sex === "nu").map((c) => expected("CC", c.join("."))),
      )!;
      const all = sumOf(SEX_AGE.map((c) => expected("CC", c.join("."))))!;
      const ratio = rowOf(sheet, "TY_LE_NU");
      assert.ok(Math.abs((ratio.getCell(5).value as number) - (women / all) * 100) < 1e-9);
      assert.equal(ratio.getCell(6).value, null);
      const recruited = rowOf(sheet, "TUYEN_DUNG");
      assert.equal(recruited.getCell(5).value, expected("TUYEN_DUNG"));
      assert.equal(recruited.getCell(5).value, 10);
      assert.deepEqual(
        [2, 3, 4].map((c) => recruited.getCell(c).value),
        ["TUYEN_DUNG", "Tuyển dụng", "người"],
      );
    });

    it("averages an average per combination", async () => {
      const sheet = (await download()).getWorksheet("Biểu 02 - tổng hợp")!;
      const line = rowOf(sheet, "DIEM");
      assert.equal(sheet.getRow(line.number - 1).getCell(6).value, "Nam");
      assert.equal(line.getCell(6).value, expected("DIEM", "nam"));
      assert.equal(line.getCell(6).value, (8 + 7.5) / 2);
      assert.equal(line.getCell(7).value, 9);
      // The total of an average broken down is the sum of its options' averages, as aggregate().
      assert.equal(line.getCell(5).value, (8 + 7.5) / 2 + 9);
    });
  });

  it("keeps the aggregate's access rule and checks the query", async () => {
    const q = { period: "2026Q2", format: "csv" };
    assert.equal((await exported({ ...q, organizationId: nation.id }, null)).statusCode, 401);
    assert.equal(
      (await exported({ ...q, organizationId: nation.id }, northOfficer)).statusCode,
      403,
    );
    assert.equal(
      (await exported({ ...q, organizationId: north.id }, northOfficer)).statusCode,
      200,
    );
    assert.equal(
      (await exported({ ...q, organizationId: south.id, format: "pdf" })).statusCode,
      400,
    );
    assert.equal((await exported({ period: "202604", organizationId: nation.id })).statusCode, 400);
  });
});
