import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { FORM_META_SHEET } from "./excel-form.ts";
import type { ReportView } from "./report-schema.ts";
import type { Regime } from "./schema.ts";
import type { TemplateDefinition } from "./template.ts";
import { SEX, reportsApi } from "./testing.ts";
import { XLSX_TYPE } from "./xlsx-layout.ts";

type Headers = { authorization: string };
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };

const template = (): TemplateDefinition => ({
  sections: [
    { code: "TINH_HINH", title: "Tình hình thực hiện", required: true },
    { code: "KIEN_NGHI", title: "Kiến nghị, đề xuất", guidance: "Nêu kiến nghị nếu có" },
  ],
  categories: [
    SEX,
    {
      code: "NHOM_TUOI",
      name: "Nhóm tuổi",
      options: [
        { code: "duoi_30", name: "Dưới 30" },
        { code: "tu_30", name: "Từ 30 trở lên" },
      ],
    },
  ],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng công chức",
      indicators: [
        {
          code: "CC",
          name: "Công chức",
          type: "integer",
          unit: "người",
          min: 0,
          categories: ["GIOI_TINH", "NHOM_TUOI"],
          required: true,
        },
        { code: "CC_DANG_VIEN", name: "Đảng viên", type: "integer", unit: "người", min: 0 },
        {
          code: "TY_LE_NU",
          name: "Tỷ lệ nữ",
          type: "percent",
          unit: "%",
          formula: "CC{nu} / CC * 100",
        },
        { code: "GHI_CHU", name: "Ghi chú", type: "text" },
      ],
    },
    {
      code: "BIEU_02",
      title: "Đào tạo, bồi dưỡng",
      indicators: [
        {
          code: "DAO_TAO",
          name: "Lượt đào tạo",
          type: "integer",
          min: 0,
          max: 1000,
          categories: ["GIOI_TINH"],
        },
        { code: "CO_KE_HOACH", name: "Có kế hoạch đào tạo", type: "boolean" },
      ],
    },
  ],
  rules: [],
});

/** Stored values and narrative, in an order that does not depend on the database's collation. */
type Snapshot = { values: ReportView["values"]; narrative: ReportView["narrative"] };

describe("reports: the Excel form of a report, downloaded pre-filled and uploaded filled", () => {
  let platform: Platform;
  let provinceA: Organization;
  let provinceB: Organization;
  let regime: Regime;
  let reviewer: Headers;
  let officerA: Headers;
  let officerB: Headers;
  let sysadmin: Headers;
  let reportQ3: ReportView;
  let reportQ2: ReportView;

  const { call, ok } = reportsApi(() => platform);
  const download = async (headers: Headers, id: string): Promise<Buffer> => {
    const r = await call("GET", `/reports/${id}/form.xlsx`, headers);
    assert.equal(r.statusCode, 200, r.body);
    return r.rawPayload;
  };
  const upload = (
    headers: Headers | undefined,
    id: string,
    body: Buffer,
    contentType = XLSX_TYPE,
  ) =>
    platform.app.inject({
      method: "POST",
      url: `/api/v1/reports/reports/${id}/form.xlsx`,
      headers: { ...headers, "content-type": contentType },
      payload: body,
    });
  const load = async (body: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    return workbook;
  };
  const save = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());
  const snapshot = async (id: string): Promise<Snapshot> => {
    const view = await ok<ReportView>(call("GET", `/reports/${id}`, officerA));
    const values = [...view.values].sort((a, b) =>
      `${a.indicator}\n${a.combination}` < `${b.indicator}\n${b.combination}` ? -1 : 1,
    );
    return { values, narrative: view.narrative };
  };
  /**
   * Downloads report Q3's form, lets `fill` change it as a person would in Excel, uploads it and
   * expects it refused with `status` and these errors; the stored report must not change.
   */
  const refused = async (
    fill: (workbook: ExcelJS.Workbook) => void,
    status: number,
    errors: { path: string; message: RegExp }[],
  ) => {
    const before = await snapshot(reportQ3.id);
    const workbook = await load(await download(officerA, reportQ3.id));
    fill(workbook);
    const r = await upload(officerA, reportQ3.id, await save(workbook));
    assert.equal(r.statusCode, status, r.body);
    assert.equal(r.headers["content-type"], "application/problem+json; charset=utf-8");
    const problem = r.json<Problem>();
    assert.deepEqual(
      problem.errors?.map((e) => e.path),
      errors.map((e) => e.path),
    );
    errors.forEach((e, i) => {
      assert.match(problem.errors![i]!.message, e.message);
      assert.ok(problem.errors![i]!.message.startsWith(`${e.path}: `));
    });
    assert.deepEqual(await snapshot(reportQ3.id), before);
    return problem;
  };

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    provinceA = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ A" });
    provinceB = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ B" });
    const user = async (organizationId: string, role: "org_admin" | "reporting_officer") =>
      (await createTestUser(platform, { organizationId, roles: [role] })).bearer;
    const admin = await user(ministry.id, "org_admin");
    reviewer = await user(ministry.id, "reporting_officer");
    officerA = await user(provinceA.id, "reporting_officer");
    officerB = await user(provinceB.id, "reporting_officer");
    sysadmin = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["system_admin"] })
    ).bearer;
    regime = await ok<Regime>(
      call("POST", "/regimes", admin, {
        code: "BC-CC-QUY",
        name: "Báo cáo số lượng công chức hằng quý",
        legalBasis: "Thông tư 18/2025/TT-BNV",
        kind: "periodic",
        frequency: "quarterly",
        windowRule: "decree09",
        deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
        reportingRule: { kind: "organizations", organizationIds: [provinceA.id, provinceB.id] },
        receivingOrganizationId: ministry.id,
        effectiveFrom: "2026-01-01",
      }),
      201,
    );
    await ok(call("PUT", `/regimes/${regime.id}/template`, admin, template()));
    await ok(call("POST", `/regimes/${regime.id}/template/publish`, admin));
    await ok(call("POST", `/regimes/${regime.id}/activate`, admin));
    const open = (headers: Headers, organizationId: string, periodId: string) =>
      ok<ReportView>(
        call("POST", "/reports", headers, { regimeId: regime.id, organizationId, periodId }),
      );
    reportQ3 = await open(officerA, provinceA.id, "2026Q3");
    reportQ2 = await open(officerA, provinceA.id, "2026Q2");
    await ok(
      call("PATCH", `/reports/${reportQ3.id}`, officerA, {
        values: [
          { indicator: "CC", combination: "nam.duoi_30", value: 10 },
          { indicator: "CC", combination: "nu.duoi_30", value: 5 },
          { indicator: "CC_DANG_VIEN", value: 7 },
        ],
        narrative: { KIEN_NGHI: "Chưa có" },
      }),
    );
  });
  after(() => platform.stop());

  it("downloads the form pre-filled, laid out like the paper form, with a very hidden map", async () => {
    const r = await call("GET", `/reports/${reportQ3.id}/form.xlsx`, officerA);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], XLSX_TYPE);
    assert.equal(
      r.headers["content-disposition"],
      `attachment; filename="bieu-mau-BC-CC-QUY-${provinceA.code}-2026Q3.xlsx"`,
    );
    const workbook = await load(r.rawPayload);
    assert.deepEqual(
      workbook.worksheets.map((s) => [s.name, s.state]),
      [
        ["Biểu 01", "visible"],
        ["Biểu 02", "visible"],
        ["Đề cương", "visible"],
        [FORM_META_SHEET, "veryHidden"],
      ],
    );
    const form = workbook.getWorksheet("Biểu 01")!;
    assert.equal(form.getCell("A1").value, "Biểu BIEU_01. Số lượng công chức");
    assert.equal(form.getCell("A3").value, `Đơn vị báo cáo: Sở Nội vụ A (mã ${provinceA.code})`);
    assert.equal(
      form.getCell("A4").value,
      "Kỳ báo cáo: 2026Q3, từ ngày 15/06/2026 đến ngày 14/09/2026",
    );
    assert.equal(form.getCell("A5").value, "Hạn nộp: 21/09/2026");
    // Two header rows: sex over age group, as on paper; the total before the options.
    assert.deepEqual(
      [8, 9].map((row) => ["E", "F", "G", "H", "I"].map((c) => form.getCell(`${c}${row}`).value)),
      [
        ["Tổng số / Total", "Nam", "Nam", "Nữ", "Nữ"],
        ["Tổng số / Total", "Dưới 30", "Từ 30 trở lên", "Dưới 30", "Từ 30 trở lên"],
      ],
    );
    assert.deepEqual(
      ["A", "B", "C", "D", "F", "G", "H", "I"].map((c) => form.getCell(`${c}10`).value),
      [1, "CC", "Công chức", "người", 10, null, 5, null],
    );
    assert.deepEqual(form.getCell("E10").value, { formula: "SUM(F10:I10)", result: 15 });
    assert.equal(form.getCell("C13").value, "Đảng viên");
    assert.equal(form.getCell("E13").value, 7);
    // The computed share of women is a formula over the entry cells with its value at download
    // (excel-formulas.test.ts checks it), locked; entry cells are not locked.
    assert.equal(form.getCell("C14").value, "Tỷ lệ nữ");
    const share = form.getCell("E14").value as ExcelJS.CellFormulaValue;
    assert.match(share.formula, /^IFERROR\(.*H10:I10.*F10:I10.*,""\)$/);
    assert.ok(Math.abs((share.result as number) - 100 / 3) < 1e-9);
    assert.equal(form.getCell("E14").protection?.locked, undefined);
    assert.equal(form.getCell("F10").protection?.locked, false);
    assert.equal(workbook.getWorksheet("Đề cương")!.getCell("D9").value, "Chưa có");

    const meta = workbook.getWorksheet(FORM_META_SHEET)!;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((row) => meta.getCell(`B${row}`).value),
      ["lienthong.report-form/1", reportQ3.id, "BC-CC-QUY", provinceA.code, "2026Q3", 1],
    );
    const map = meta
      .getSheetValues()
      .slice(9)
      .map((row) => (row as ExcelJS.CellValue[]).slice(1, 5).join(" "));
    assert.ok(map.includes("Biểu 01 H10 value CC"));
    assert.ok(map.includes("Biểu 01 E14 computed TY_LE_NU"));
    assert.ok(map.includes("Biểu 02 E12 value CO_KE_HOACH"));
    assert.ok(map.includes("Đề cương D8 narrative TINH_HINH"));

    // The receiving side reads the report, so it may download the form too.
    await download(reviewer, reportQ3.id);
  });

  it("stores what a person filled in Excel, through HTTP, as the web form does", async () => {
    const workbook = await load(await download(officerA, reportQ3.id));
    const form1 = workbook.getWorksheet("Biểu 01")!;
    form1.getCell("F10").value = 12;
    form1.getCell("G10").value = 20;
    form1.getCell("H10").value = null; // cleared: the stored 5 goes
    form1.getCell("I10").value = 8;
    form1.getCell("E13").value = 30;
    form1.getCell("E15").value = "Đủ biên chế";
    const form2 = workbook.getWorksheet("Biểu 02")!;
    form2.getCell("F9").value = 3;
    form2.getCell("G9").value = { formula: "1+3", result: 4 };
    form2.getCell("E12").value = "Có";
    const outline = workbook.getWorksheet("Đề cương")!;
    outline.getCell("D8").value = {
      richText: [{ text: "Hoàn thành " }, { font: { bold: true }, text: "kế hoạch" }],
    };
    const r = await upload(officerA, reportQ3.id, await save(workbook));
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json<ReportView>().computed, [
      { indicator: "TY_LE_NU", value: 20 }, // 8 of 40
    ]);
    assert.deepEqual(await snapshot(reportQ3.id), {
      values: [
        { indicator: "CC", combination: "nam.duoi_30", value: 12 },
        { indicator: "CC", combination: "nam.tu_30", value: 20 },
        { indicator: "CC", combination: "nu.tu_30", value: 8 },
        { indicator: "CC_DANG_VIEN", combination: "", value: 30 },
        { indicator: "CO_KE_HOACH", combination: "", value: 1 },
        { indicator: "DAO_TAO", combination: "nam", value: 3 },
        { indicator: "DAO_TAO", combination: "nu", value: 4 },
        { indicator: "GHI_CHU", combination: "", value: "Đủ biên chế" },
      ],
      narrative: { KIEN_NGHI: "Chưa có", TINH_HINH: "Hoàn thành kế hoạch" },
    });
    const [audit] = (
      await searchAudit(platform.ctx.db, { targetId: reportQ3.id, limit: 10 })
    ).filter((e) => e.action === "reports.form_uploaded");
    assert.deepEqual(
      [audit?.details.values, audit?.details.cleared, audit?.details.sections],
      [8, 1, ["TINH_HINH"]],
    );
    assert.match(String(audit?.details.fileSha256), /^[0-9a-f]{64}$/);

    // The downloaded form now shows the stored values, and uploading it unchanged changes nothing.
    const again = await download(officerA, reportQ3.id);
    assert.equal((await load(again)).getWorksheet("Biểu 02")!.getCell("E12").value, "Có");
    const before = await snapshot(reportQ3.id);
    assert.equal((await upload(officerA, reportQ3.id, again)).statusCode, 200);
    assert.deepEqual(await snapshot(reportQ3.id), before);
  });

  it("refuses a decimal where a whole number is asked, naming sheet and cell", async () => {
    await refused((wb) => (wb.getWorksheet("Biểu 01")!.getCell("F10").value = 3.5), 400, [
      {
        path: "Biểu 01!F10",
        message: /Giá trị 3\.5 phải là số nguyên \(Công chức — Nam, Dưới 30\)/,
      },
    ]);
  });

  it("refuses values out of range", async () => {
    await refused(
      (wb) => {
        wb.getWorksheet("Biểu 02")!.getCell("F9").value = 2000;
        wb.getWorksheet("Biểu 01")!.getCell("E13").value = -1;
      },
      400,
      [
        { path: "Biểu 02!F9", message: /lớn hơn mức tối đa 1000/ },
        { path: "Biểu 01!E13", message: /nhỏ hơn mức tối thiểu 0 \(Đảng viên\)/ },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
  });

  it("refuses text in a numeric cell and an answer other than Có or Không", async () => {
    await refused(
      (wb) => {
        wb.getWorksheet("Biểu 01")!.getCell("G10").value = "hai mươi";
        wb.getWorksheet("Biểu 02")!.getCell("E12").value = "Chưa rõ";
      },
      400,
      [
        { path: "Biểu 01!G10", message: /"hai mươi" không phải là số/ },
        { path: "Biểu 02!E12", message: /phải là có \(true\) hoặc không \(false\)/ },
      ],
    );
  });

  it("refuses a changed computed cell", async () => {
    await refused((wb) => (wb.getWorksheet("Biểu 01")!.getCell("E14").value = 99), 400, [
      { path: "Biểu 01!E14", message: /Tỷ lệ nữ được tính tự động, không được sửa/ },
    ]);
  });

  it("refuses the form of another period", async () => {
    const before = await snapshot(reportQ3.id);
    const r = await upload(officerA, reportQ3.id, await download(officerA, reportQ2.id));
    assert.equal(r.statusCode, 422);
    assert.deepEqual(r.json<Problem>().errors, [
      {
        path: `${FORM_META_SHEET}!B5`,
        message: `${FORM_META_SHEET}!B5: Tệp là biểu mẫu của kỳ 2026Q2, không phải kỳ 2026Q3`,
      },
    ]);
    assert.deepEqual(await snapshot(reportQ3.id), before);
  });

  it("refuses the form of another unit", async () => {
    const other = await ok<ReportView>(
      call("POST", "/reports", sysadmin, {
        regimeId: regime.id,
        organizationId: provinceB.id,
        periodId: "2026Q3",
      }),
    );
    const before = await snapshot(reportQ3.id);
    const r = await upload(sysadmin, reportQ3.id, await download(sysadmin, other.id));
    assert.equal(r.statusCode, 422);
    assert.deepEqual(
      r.json<Problem>().errors?.map((e) => e.message),
      [
        `${FORM_META_SHEET}!B4: Tệp là biểu mẫu của đơn vị ${provinceB.code}, không phải của đơn vị ${provinceA.code}`,
      ],
    );
    assert.deepEqual(await snapshot(reportQ3.id), before);
  });

  it("refuses a form of another template version", async () => {
    await refused((wb) => (wb.getWorksheet(FORM_META_SHEET)!.getCell("B6").value = 2), 422, [
      { path: `${FORM_META_SHEET}!B6`, message: /phiên bản 2; báo cáo này dùng phiên bản 1/ },
    ]);
  });

  it("refuses a workbook that is not a form of the platform", async () => {
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet("Sheet1").getCell("A1").value = 1;
    const r = await upload(officerA, reportQ3.id, await save(plain));
    assert.equal(r.statusCode, 422);
    assert.match(r.json<Problem>().detail, /không phải biểu mẫu báo cáo tải về từ nền tảng/);
  });

  it("refuses a damaged file, a file that is not a zip, and another content type", async () => {
    const before = await snapshot(reportQ3.id);
    const file = await download(officerA, reportQ3.id);
    for (const broken of [
      file.subarray(0, Math.floor(file.length / 2)),
      Buffer.from("Mã chỉ tiêu,Giá trị\nCC,10\n"),
    ]) {
      const r = await upload(officerA, reportQ3.id, broken);
      assert.equal(r.statusCode, 422, r.body);
      assert.match(r.json<Problem>().detail, /không phải tệp Excel \.xlsx hoặc đã bị hỏng/);
    }
    // A zip whose directory is intact but whose data is not.
    const damaged = Buffer.from(file);
    damaged.fill(0x41, 100, 400);
    const r = await upload(officerA, reportQ3.id, damaged);
    assert.equal(r.statusCode, 422, r.body);
    assert.match(r.json<Problem>().detail, /Không đọc được tệp Excel/);
    const csv = await upload(officerA, reportQ3.id, Buffer.from("CC,10"), "text/csv");
    assert.equal(csv.statusCode, 415);
    assert.deepEqual(await snapshot(reportQ3.id), before);
  });

  it("refuses a file over the size cap, and one that would unpack to far more", async () => {
    const big = await upload(officerA, reportQ3.id, Buffer.alloc(11 * 1024 * 1024, 1));
    assert.equal(big.statusCode, 413);
    // The same form, its directory claiming an entry of 4 GiB unpacked.
    const bomb = Buffer.from(await download(officerA, reportQ3.id));
    const end = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bomb.writeUInt32LE(0xfffffff0, bomb.readUInt32LE(end + 16) + 24);
    const r = await upload(officerA, reportQ3.id, bomb);
    assert.equal(r.statusCode, 413, r.body);
    assert.match(r.json<Problem>().detail, /quá lớn khi giải nén/);
  });

  it("refuses the form of an accepted report: its data is locked", async () => {
    await ok(
      call("PATCH", `/reports/${reportQ2.id}`, officerA, {
        values: ["nam.duoi_30", "nam.tu_30", "nu.duoi_30", "nu.tu_30"].map((combination) => ({
          indicator: "CC",
          combination,
          value: 1,
        })),
        narrative: { TINH_HINH: "Đầy đủ" },
      }),
    );
    const file = await load(await download(officerA, reportQ2.id));
    await ok(call("POST", `/reports/${reportQ2.id}/submit`, officerA));
    await ok(call("POST", `/reports/${reportQ2.id}/review`, reviewer, { decision: "accept" }));
    file.getWorksheet("Biểu 01")!.getCell("F10").value = 99;
    const r = await upload(officerA, reportQ2.id, await save(file));
    assert.equal(r.statusCode, 409);
    assert.match(r.json<Problem>().detail, /đã được tiếp nhận; số liệu đã khóa/);
    const view = await ok<ReportView>(call("GET", `/reports/${reportQ2.id}`, officerA));
    assert.ok(view.values.every((v) => v.value === 1));
  });

  it("refuses callers without a session and units other than the report's", async () => {
    const file = await download(officerA, reportQ3.id);
    assert.equal((await call("GET", `/reports/${reportQ3.id}/form.xlsx`)).statusCode, 401);
    assert.equal((await upload(undefined, reportQ3.id, file)).statusCode, 401);
    assert.equal(
      (await call("GET", `/reports/${reportQ3.id}/form.xlsx`, officerB)).statusCode,
      403,
    );
    assert.equal((await upload(officerB, reportQ3.id, file)).statusCode, 403);
    // The receiving side reads the report but does not fill it.
    assert.equal((await upload(reviewer, reportQ3.id, file)).statusCode, 403);
  });
});
