import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { FORM_META_SHEET, META_MAP_ROW, type FormCell } from "./excel-form.ts";
import { computedCellFormulas } from "./excel-formula.ts";
import { lookupOver, type NumericValue } from "./evaluation.ts";
import { evaluate, formatExpression, parseExpression, type Expression } from "./expression.ts";
import type { ReportView } from "./report-schema.ts";
import { compileTemplate, type CompiledTemplate, type TemplateDefinition } from "./template.ts";
import { SEX, quarterlyRegimeInput, reportsApi } from "./testing.ts";
import { XLSX_TYPE } from "./xlsx-layout.ts";

/*
 * The proof that a computed cell's Excel formula and the platform agree: an independent spreadsheet
 * engine (fast-formula-parser) recomputes every computed cell of a filled form, and the result
 * must be the platform's own `evaluate` over the same values, "no data" (null) included.
 */

type Position = { sheet: string; row: number; col: number };
type Engine = { parse(formula: string, position: Position): unknown };
type EngineOptions = {
  onCell: (ref: Position) => unknown;
  onRange: (ref: { sheet: string; from: Position; to: Position }) => unknown[][];
};
// The package ships no types; this is the part of its API the test uses.
const FormulaParser = createRequire(import.meta.url)("fast-formula-parser") as new (
  options: EngineOptions,
) => Engine;

/** A spreadsheet over the workbook: a cell's value, its formula recomputed (not the cached result). */
function spreadsheet(workbook: ExcelJS.Workbook): (sheet: string, address: string) => unknown {
  const memo = new Map<string, unknown>();
  // The engine is not reentrant: a formula that reads a formula cell needs an engine of its own.
  const engines: Engine[] = [];
  let depth = 0;
  const valueAt = (sheet: string, row: number, col: number): unknown => {
    const key = `${sheet}\n${row}\n${col}`;
    if (memo.has(key)) return memo.get(key);
    const value = workbook.getWorksheet(sheet)!.getCell(row, col).value;
    let result: unknown = value ?? null;
    if (value !== null && typeof value === "object" && "formula" in value && value.formula) {
      const engine = (engines[depth] ??= new FormulaParser({ onCell, onRange }));
      depth += 1;
      try {
        result = engine.parse(value.formula, { sheet, row, col });
      } finally {
        depth -= 1;
      }
    }
    memo.set(key, result);
    return result;
  };
  const onCell = ({ sheet, row, col }: Position) => valueAt(sheet, row, col);
  const onRange = ({ sheet, from, to }: { sheet: string; from: Position; to: Position }) =>
    Array.from({ length: to.row - from.row + 1 }, (_, r) =>
      Array.from({ length: to.col - from.col + 1 }, (_, c) =>
        valueAt(sheet, from.row + r, from.col + c),
      ),
    );
  return (sheet, address) => {
    const cell = workbook.getWorksheet(sheet)!.getCell(address);
    return valueAt(sheet, Number(cell.row), Number(cell.col));
  };
}

/** The cell map of a downloaded form's hidden sheet. */
function cellMapOf(workbook: ExcelJS.Workbook): FormCell[] {
  const meta = workbook.getWorksheet(FORM_META_SHEET)!;
  const cells: FormCell[] = [];
  for (let r = META_MAP_ROW + 1; r <= meta.rowCount; r++) {
    const [, sheet, cell, kind, code, combination, shown, formula] = meta.getRow(r)
      .values as ExcelJS.CellValue[];
    cells.push({
      sheet: String(sheet),
      cell: String(cell),
      kind: kind as FormCell["kind"],
      code: String(code),
      combination: String(combination ?? ""),
      shown: typeof shown === "number" ? shown : null,
      ...(typeof formula === "string" && { formula }),
    });
  }
  return cells;
}

/**
 * Every computed cell of the workbook as the spreadsheet computes it and as the platform does
 * from the numbers in the input cells, side by side: `[code, spreadsheet, platform]`.
 */
function bothWays(workbook: ExcelJS.Workbook, template: CompiledTemplate, cells: FormCell[]) {
  const values: NumericValue[] = [];
  for (const c of cells) {
    const value = workbook.getWorksheet(c.sheet)!.getCell(c.cell).value;
    if (c.kind === "value" && typeof value === "number")
      values.push({ indicator: c.code, combination: c.combination, value });
  }
  const lookup = lookupOver(template, values);
  const valueOf = spreadsheet(workbook);
  return cells
    .filter((c) => c.kind === "computed")
    .map((c) => {
      const formula = template.indicators.get(c.code)!.formula!;
      const excel = valueOf(c.sheet, c.cell);
      return {
        code: c.code,
        excel: excel === "" ? null : excel,
        platform: evaluate(parseExpression(formula), lookup),
      };
    });
}

function assertAgree(rows: { code: string; excel: unknown; platform: number | null }[]) {
  for (const { code, excel, platform } of rows) {
    if (platform === null || excel === null) {
      assert.equal(excel, platform, `${code}: spreadsheet ${String(excel)}, platform ${platform}`);
      continue;
    }
    assert.equal(typeof excel, "number", `${code}: spreadsheet gave ${JSON.stringify(excel)}`);
    const scale = Math.max(1, Math.abs(platform));
    assert.ok(
      Math.abs((excel as number) - platform) <= 1e-9 * scale,
      `${code}: spreadsheet ${String(excel)}, platform ${platform}`,
    );
  }
}

const AGE = {
  code: "NHOM_TUOI",
  name: "Nhóm tuổi",
  options: [
    { code: "duoi_30", name: "Dưới 30" },
    { code: "tu_30", name: "Từ 30 trở lên" },
  ],
};

const template = (): TemplateDefinition => ({
  sections: [],
  categories: [SEX, AGE],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng công chức",
      indicators: [
        { code: "CC", name: "Công chức", type: "integer", categories: ["GIOI_TINH", "NHOM_TUOI"] },
        { code: "DANG_VIEN", name: "Đảng viên", type: "integer" },
        { code: "TY_LE_NU", name: "Tỷ lệ nữ", type: "percent", formula: "CC{nu} / CC * 100" },
        {
          code: "CHENH",
          name: "Chênh lệch",
          type: "number",
          formula: "CC{nam} - CC{nu,duoi_30} + DANG_VIEN - DT",
        },
        { code: "BINH_QUAN", name: "Bình quân", type: "number", formula: "DANG_VIEN / DT{nu}" },
        { code: "AM", name: "Âm", type: "number", formula: "-(DANG_VIEN - CC{nam}) * 2" },
        { code: "GOP", name: "Gộp", type: "number", formula: "TY_LE_NU / 100 + AM - SAU" },
      ],
    },
    {
      code: "BIEU_02",
      title: "Đào tạo",
      indicators: [
        { code: "DT", name: "Lượt đào tạo", type: "integer", categories: ["GIOI_TINH"] },
        { code: "KINH_PHI", name: "Kinh phí", type: "number" },
        {
          code: "SAU",
          name: "Sau",
          type: "number",
          formula: "DT{nu} * 0.5 - (KINH_PHI + 1.5e-3)",
        },
        { code: "HAI_BIEU", name: "Hai biểu", type: "number", formula: "CHENH * 2 - -DT{nam}" },
      ],
    },
  ],
  rules: [],
});

type Headers = { authorization: string };
type Problem = { errors?: { path: string; message: string }[] };

describe("reports: computed cells of the Excel form are formulas that agree with the platform", () => {
  let platform: Platform;
  let officer: Headers;
  let report: ReportView;
  const compiled = (() => {
    const result = compileTemplate(template());
    assert.ok("template" in result);
    return result.template;
  })();

  const { call, ok } = reportsApi(() => platform);
  const load = async (body: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    return workbook;
  };
  const save = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());
  const download = async () => {
    const r = await call("GET", `/reports/${report.id}/form.xlsx`, officer);
    assert.equal(r.statusCode, 200, r.body);
    return load(r.rawPayload);
  };
  const upload = async (workbook: ExcelJS.Workbook) =>
    platform.app.inject({
      method: "POST",
      url: `/api/v1/reports/reports/${report.id}/form.xlsx`,
      headers: { ...officer, "content-type": XLSX_TYPE },
      payload: await save(workbook),
    });
  /** The input cell of an indicator and combination, or the computed cell of an indicator. */
  const cellOf = (workbook: ExcelJS.Workbook, code: string, combination = "") => {
    const mapped = cellMapOf(workbook).find(
      (c) => c.code === code && c.combination === combination,
    )!;
    return {
      where: `${mapped.sheet}!${mapped.cell}`,
      cell: workbook.getWorksheet(mapped.sheet)!.getCell(mapped.cell),
    };
  };
  const fill = (workbook: ExcelJS.Workbook, values: Record<string, number | null>) => {
    for (const [key, value] of Object.entries(values)) {
      const [code, combination] = key.split(":");
      cellOf(workbook, code!, combination).cell.value = value;
    }
  };

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    const province = await createTestOrganization(db, { shortName: "SNV" });
    const admin = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["org_admin"] })
    ).bearer;
    officer = (
      await createTestUser(platform, { organizationId: province.id, roles: ["reporting_officer"] })
    ).bearer;
    const regime = await ok<{ id: string }>(
      call("POST", "/regimes", admin, quarterlyRegimeInput([province], ministry.id)),
      201,
    );
    await ok(call("PUT", `/regimes/${regime.id}/template`, admin, template()));
    await ok(call("POST", `/regimes/${regime.id}/template/publish`, admin));
    await ok(call("POST", `/regimes/${regime.id}/activate`, admin));
    report = await ok<ReportView>(
      call("POST", "/reports", officer, {
        regimeId: regime.id,
        organizationId: province.id,
        periodId: "2026Q3",
      }),
    );
    await ok(
      call("PATCH", `/reports/${report.id}`, officer, {
        values: [
          { indicator: "CC", combination: "nam.duoi_30", value: 10 },
          { indicator: "CC", combination: "nu.duoi_30", value: 5 },
          { indicator: "DANG_VIEN", value: 7 },
        ],
      }),
    );
  });
  after(() => platform.stop());

  it("writes each computed cell as a formula over the input cells, its value at download cached", async () => {
    const workbook = await download();
    const share = cellOf(workbook, "TY_LE_NU");
    assert.equal(share.where, "Biểu 01!E14");
    assert.deepEqual(share.cell.value, {
      formula:
        'IFERROR(IF(COUNT(H10:I10)=0,NA(),SUM(H10:I10))/IF(COUNT(F10:I10)=0,NA(),SUM(F10:I10))*100,"")',
      result: (5 / 15) * 100,
    });
    assert.equal(share.cell.fill?.type, "pattern");
    assert.equal(share.cell.protection?.locked, undefined);
    // A chain across both forms: the cells of the other form's sheet are qualified.
    assert.equal(
      (cellOf(workbook, "CHENH").cell.value as ExcelJS.CellFormulaValue).formula,
      "IFERROR(IF(COUNT(F10:G10,H10,E13,'Biểu 02'!F9:G9)>0,SUM(F10:G10)-SUM(H10)+SUM(E13)-SUM('Biểu 02'!F9:G9),NA()),\"\")",
    );
    // No data yet: the cached result is an empty text (`<v></v>`, read back as no result).
    const empty = cellOf(workbook, "BINH_QUAN").cell.value as ExcelJS.CellFormulaValue;
    assert.equal(empty.result, undefined);
    assert.match(empty.formula, /^IFERROR\(.*,""\)$/);
    assert.ok(
      cellMapOf(workbook)
        .filter((c) => c.kind === "computed")
        .every((c) => c.formula),
    );
    assertAgree(bothWays(workbook, compiled, cellMapOf(workbook)));
  });

  it("agrees on a ratio, missing terms, division by zero, negation, computed and cross-form references", async () => {
    const cases: Record<string, number | null>[] = [
      // Nothing entered: every computed cell is empty.
      Object.fromEntries(
        ["CC:nam.duoi_30", "CC:nu.duoi_30", "DANG_VIEN"].map((k) => [k, null] as const),
      ),
      // Only some terms of the chain known; no women yet, so the ratio is 0 and not empty.
      { "CC:nam.duoi_30": 4, "CC:nu.duoi_30": null, DANG_VIEN: null, "DT:nam": 3 },
      // Division by zero: DT{nu} is 0.
      { "CC:nu.tu_30": 2, DANG_VIEN: 9, "DT:nu": 0, KINH_PHI: 2.25 },
      // Negation and a decimal, a reference to computed cells of both forms.
      { "CC:nam.tu_30": 12, DANG_VIEN: 5, "DT:nu": 4, KINH_PHI: -1.75, "DT:nam": 0 },
    ];
    for (const values of cases) {
      const workbook = await download();
      fill(workbook, values);
      const reloaded = await load(await save(workbook));
      const rows = bothWays(reloaded, compiled, cellMapOf(reloaded));
      assertAgree(rows);
      if (Object.values(values).every((v) => v === null))
        assert.equal(rows.find((r) => r.code === "TY_LE_NU")?.excel, null);
    }
  });

  it("agrees over a few hundred random forms with random blanks", async () => {
    const workbook = await download();
    const inputs = cellMapOf(workbook).filter((c) => c.kind === "value");
    const number = fc.oneof(
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: -5000, max: 5000 }).map((n) => n / 100),
    );
    fc.assert(
      fc.property(
        fc.array(fc.option(number, { nil: null, freq: 3 }), {
          minLength: inputs.length,
          maxLength: inputs.length,
        }),
        (values) => {
          inputs.forEach((c, i) => {
            workbook.getWorksheet(c.sheet)!.getCell(c.cell).value = values[i]!;
          });
          assertAgree(bothWays(workbook, compiled, cellMapOf(workbook)));
        },
      ),
      { seed: 20260915, numRuns: 300 },
    );
  });

  it("accepts the form back with new values and the results Excel recomputed", async () => {
    const workbook = await download();
    fill(workbook, { "CC:nam.duoi_30": 6, "CC:nu.tu_30": 2, "DT:nu": 8 });
    const valueOf = spreadsheet(workbook);
    const recomputed = new Map<string, number | null>();
    for (const c of cellMapOf(workbook).filter((m) => m.kind === "computed")) {
      const cell = workbook.getWorksheet(c.sheet)!.getCell(c.cell);
      const result = valueOf(c.sheet, c.cell) as number | string;
      cell.value = { formula: c.formula!, result } as ExcelJS.CellFormulaValue;
      recomputed.set(c.code, result === "" ? null : (result as number));
    }
    // LibreOffice and Excel write the formula back in their own spelling.
    const share = cellOf(workbook, "TY_LE_NU").cell;
    const written = share.value as ExcelJS.CellFormulaValue;
    share.value = {
      formula: `_xlfn.${written.formula.toLowerCase().replace(/,/g, ", ").replace("*100", " * 100.0")}`,
      result: written.result,
    } as ExcelJS.CellFormulaValue;
    const r = await upload(workbook);
    assert.equal(r.statusCode, 200, r.body);
    const view = r.json<ReportView>();
    assertAgree(
      view.computed.map((c) => ({
        code: c.indicator,
        excel: recomputed.get(c.indicator),
        platform: c.value,
      })),
    );
    assert.ok(Math.abs(recomputed.get("TY_LE_NU")! - 700 / 13) < 1e-9);
    assert.deepEqual(
      view.values.filter((v) => v.indicator === "DT"),
      [{ indicator: "DT", combination: "nu", value: 8 }],
    );
  });

  it("refuses a value typed over a computed cell's formula; a formula written back otherwise is taken", async () => {
    for (const replacement of [42, "bốn mươi hai"]) {
      const workbook = await download();
      fill(workbook, { DANG_VIEN: 11 });
      const share = cellOf(workbook, "TY_LE_NU");
      share.cell.value = replacement as ExcelJS.CellValue;
      const r = await upload(workbook);
      assert.equal(r.statusCode, 400, r.body);
      assert.deepEqual(r.json<Problem>().errors, [
        {
          path: "Biểu 01!E14",
          message:
            "Biểu 01!E14: Ô Tỷ lệ nữ được tính tự động, không được sửa (trong tệp tải về là công thức tự tính)",
        },
      ]);
    }
    const view = await ok<ReportView>(call("GET", `/reports/${report.id}`, officer));
    assert.notEqual(view.values.find((v) => v.indicator === "DANG_VIEN")?.value, 11);
    // Spelled another way (absolute references, as a spreadsheet may write it back): the
    // platform computes the value itself, so the file is taken.
    const workbook = await download();
    fill(workbook, { DANG_VIEN: 11 });
    const share = cellOf(workbook, "TY_LE_NU");
    share.cell.value = { formula: "SUM($H$10:$I$10)/SUM($F$10:$I$10)*100", result: 0 };
    assert.equal((await upload(workbook)).statusCode, 200);
    const after = await ok<ReportView>(call("GET", `/reports/${report.id}`, officer));
    assert.equal(after.values.find((v) => v.indicator === "DANG_VIEN")?.value, 11);
  });

  it("still reads a form made before formulas: its computed cells are compared by value", async () => {
    const workbook = await download();
    const meta = workbook.getWorksheet(FORM_META_SHEET)!;
    for (let r = META_MAP_ROW; r <= meta.rowCount; r++) meta.getCell(r, 7).value = null;
    for (const c of cellMapOf(workbook).filter((m) => m.kind === "computed"))
      workbook.getWorksheet(c.sheet)!.getCell(c.cell).value = c.shown;
    assert.equal((await upload(workbook)).statusCode, 200);
    const shown = cellMapOf(workbook).find((c) => c.code === "TY_LE_NU")!.shown;
    cellOf(workbook, "TY_LE_NU").cell.value = 50;
    const r = await upload(workbook);
    assert.equal(r.statusCode, 400, r.body);
    assert.deepEqual(r.json<Problem>().errors, [
      {
        path: "Biểu 01!E14",
        message: `Biểu 01!E14: Ô Tỷ lệ nữ được tính tự động, không được sửa (trong tệp tải về là ${shown})`,
      },
    ]);
  });
});

describe("reports: Excel formulas of random computed indicators agree with the platform", () => {
  // A layout like the form's: A by sex and age on row 10, B alone, C by sex on the second sheet.
  const inputs: FormCell[] = [
    ...["nam.duoi_30", "nam.tu_30", "nu.duoi_30", "nu.tu_30"].map((combination, i) =>
      input("Biểu 01", `${"FGHI"[i]}10`, "A", combination),
    ),
    input("Biểu 01", "E13", "B", ""),
    input("Biểu 02", "F9", "C", "nam"),
    input("Biểu 02", "G9", "C", "nu"),
  ];
  const computed: FormCell[] = [
    { ...input("Biểu 01", "E14", "X", ""), kind: "computed" },
    { ...input("Biểu 02", "E12", "Y", ""), kind: "computed" },
  ];
  const definition = (x: string, y: string): TemplateDefinition => ({
    sections: [],
    categories: [SEX, AGE],
    forms: [
      {
        code: "BIEU_01",
        title: "Một",
        indicators: [
          { code: "A", name: "A", type: "number", categories: ["GIOI_TINH", "NHOM_TUOI"] },
          { code: "B", name: "B", type: "number" },
          { code: "X", name: "X", type: "number", formula: x },
        ],
      },
      {
        code: "BIEU_02",
        title: "Hai",
        indicators: [
          { code: "C", name: "C", type: "number", categories: ["GIOI_TINH"] },
          { code: "Y", name: "Y", type: "number", formula: y },
        ],
      },
    ],
    rules: [],
  });
  const expression = (codes: string[]) =>
    fc.letrec<{ e: Expression }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc
          .oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0.5, 2.25))
          .map((value): Expression => ({ kind: "number", value })),
        fc
          .record({
            code: fc.constantFrom(...codes),
            options: fc.subarray(["nu", "duoi_30"]),
          })
          .map(
            // A is by sex and age, C by sex only; Y, B have no options.
            (ref): Expression => ({
              kind: "ref",
              ref: {
                code: ref.code,
                options: ref.options.filter(
                  (o) => ref.code === "A" || (ref.code === "C" && o === "nu"),
                ),
              },
            }),
          ),
        tie("e").map((operand): Expression => ({ kind: "neg", operand })),
        fc
          .record({
            op: fc.constantFrom("+" as const, "-" as const, "*" as const, "/" as const),
            left: tie("e"),
            right: tie("e"),
          })
          .map((b): Expression => ({ kind: "binary", ...b })),
      ),
    })).e;

  it("for random formulas over random values with blanks", () => {
    const value = fc.option(fc.integer({ min: -3, max: 6 }), { nil: null, freq: 3 });
    fc.assert(
      fc.property(
        expression(["A", "B", "C", "Y"]),
        expression(["A", "B", "C"]),
        fc.array(value, { minLength: inputs.length, maxLength: inputs.length }),
        (x, y, values) => {
          const result = compileTemplate(definition(formatExpression(x), formatExpression(y)));
          assert.ok("template" in result, JSON.stringify(result));
          const cells = [...inputs, ...computed];
          const workbook = new ExcelJS.Workbook();
          workbook.addWorksheet("Biểu 01");
          workbook.addWorksheet("Biểu 02");
          inputs.forEach(
            (c, i) => (workbook.getWorksheet(c.sheet)!.getCell(c.cell).value = values[i]!),
          );
          const formulas = computedCellFormulas(result.template, cells);
          for (const c of computed)
            workbook.getWorksheet(c.sheet)!.getCell(c.cell).value = {
              formula: formulas.get(c)!,
            } as ExcelJS.CellFormulaValue;
          assertAgree(bothWays(workbook, result.template, cells));
        },
      ),
      { seed: 4242, numRuns: 400 },
    );
  });

  it("leaves a formula too large for Excel to the value fixed at download", () => {
    let source = "A + B";
    for (let i = 0; i < 12; i++) source = `(${source}) / 2 - B`;
    const result = compileTemplate(definition(source, "C"));
    assert.ok("template" in result);
    const formulas = computedCellFormulas(result.template, [...inputs, ...computed]);
    assert.deepEqual(
      [...formulas.keys()].map((c) => c.code),
      ["Y"],
    );
  });
});

function input(sheet: string, cell: string, code: string, combination: string): FormCell {
  return { sheet, cell, kind: "value", code, combination, shown: null };
}
