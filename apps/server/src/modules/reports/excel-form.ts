import ExcelJS from "exceljs";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { computedCellFormulas } from "./excel-formula.ts";
import type { ReportView } from "./report-schema.ts";
import { getReport } from "./report-view.ts";
import type { CompiledTemplate, Form, Indicator } from "./template.ts";
import { compiledTemplate } from "./templates.ts";
import { FIRST_TABLE_ROW, sizeFormColumns, writeFormTables } from "./xlsx-form-layout.ts";
import {
  PAGE_SETUP,
  border,
  formSheetName,
  styleHeader,
  vietnameseDate,
  writeHeading,
} from "./xlsx-layout.ts";

/** The hidden sheet that says which report a form is for and what each cell holds. */
export const FORM_META_SHEET = "_lienthong";
/** The first cell of the hidden sheet; a later layout of the file would change it. */
export const FORM_FORMAT = "lienthong.report-form/1";
export const NARRATIVE_SHEET = "Đề cương";
/** Row of the hidden sheet where the cell map's header sits (identity rows above it). */
export const META_MAP_ROW = 8;

/**
 * One mapped cell of a form: an entered value, a computed one (locked, with the formula the file
 * was made with, or the value it showed when the formula would be too large for Excel, so that a
 * change is noticed), or a narrative section.
 */
export type FormCell = {
  sheet: string;
  cell: string;
  kind: "value" | "computed" | "narrative";
  /** Indicator or section code. */
  code: string;
  combination: string;
  shown: number | null;
  /** A computed cell's Excel formula (without `=`); files made before formulas have none. */
  formula?: string;
};

/** The identity rows of the hidden sheet, in order (column A the key, column B the value). */
export const META_KEYS = [
  "format",
  "reportId",
  "regime",
  "organization",
  "period",
  "templateVersion",
] as const;

const LOCKED_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } } as const;
const INPUT_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFFFF" } } as const;

/**
 * The report's form as an Excel workbook for the unit to fill offline: one sheet per data form of
 * the report's template version, laid out like the paper form (title, unit, period and deadline;
 * indicator rows, one column per combination of disaggregation options, the unit of measure),
 * the current values filled in and computed indicators on grey, locked, as formulas the
 * spreadsheet recomputes while the unit types (`excel-formula.ts`); a sheet with one
 * cell per narrative section; and a very hidden sheet saying which report the file is for and
 * what each cell holds, which the upload reads back. Readers of the report may download it.
 */
export async function reportFormXlsx(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
}): Promise<{ fileName: string; body: Buffer }> {
  const view = await getReport(options);
  const template = await compiledTemplate(options.db, view.regime.id, view.templateVersion);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Liên Thông";
  workbook.title = `${view.regime.name} — ${view.organization.name} — ${view.periodId}`;
  const cells: FormCell[] = [];
  const heading = (title: string) => [
    title,
    `Chế độ báo cáo: ${view.regime.name} (${view.regime.code})`,
    `Đơn vị báo cáo: ${view.organization.name} (mã ${view.organization.code})`,
    `Kỳ báo cáo: ${view.periodId}, từ ngày ${vietnameseDate(view.start)} đến ngày ${vietnameseDate(view.end)}`,
    `Hạn nộp: ${vietnameseDate(view.deadline)}`,
  ];
  for (const [index, form] of template.definition.forms.entries())
    await addFormSheet(workbook, { view, template, form, index, heading, cells });
  writeComputedFormulas(workbook, template, cells);
  if (template.definition.sections.length > 0)
    await addNarrativeSheet(workbook, { view, template, heading, cells });
  await addMetaSheet(workbook, view, cells);
  return {
    fileName: `bieu-mau-${view.regime.code}-${view.organization.code}-${view.periodId}.xlsx`,
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

type SheetInput = {
  view: ReportView;
  template: CompiledTemplate;
  heading: (title: string) => string[];
  cells: FormCell[];
};

async function addFormSheet(
  workbook: ExcelJS.Workbook,
  input: SheetInput & { form: Form; index: number },
) {
  const { view, template, form, cells } = input;
  const name = formSheetName(input.index);
  const sheet = workbook.addWorksheet(name, { pageSetup: PAGE_SETUP });
  const stored = new Map(view.values.map((v) => [`${v.indicator}\n${v.combination}`, v.value]));
  const computed = new Map(view.computed.map((c) => [c.indicator, c.value]));
  const widest = writeFormTables(sheet, template, form, (row) => {
    const { line, indicator, firstValueColumn, combinations } = row;
    if (indicator.formula !== undefined) {
      const cell = line.getCell(firstValueColumn);
      const shown = computed.get(indicator.code) ?? null;
      cell.value = shown;
      cell.fill = LOCKED_FILL;
      cell.font = { italic: true };
      cell.border = border;
      cells.push({
        sheet: name,
        cell: cell.address,
        kind: "computed",
        code: indicator.code,
        combination: "",
        shown,
      });
      return;
    }
    combinations.forEach((combination, i) => {
      const cell = line.getCell(firstValueColumn + i);
      writeInputCell(cell, indicator, stored.get(`${indicator.code}\n${combination}`));
      cells.push({
        sheet: name,
        cell: cell.address,
        kind: "value",
        code: indicator.code,
        combination,
        shown: null,
      });
    });
    if (row.disaggregated) writeRowTotal(line, indicator, firstValueColumn, combinations.length);
  });
  writeHeading(
    sheet,
    [
      ...input.heading(`Biểu ${form.code}. ${form.title}`),
      "Nhập số liệu vào các ô nền trắng; ô nền xám được tính tự động. Ô để trống là chưa có số liệu, không phải số 0. / Fill in the white cells; grey cells are computed; an empty cell means no data.",
    ],
    Math.min(widest, 12),
  );
  sheet.getRow(6).font = { italic: true, size: 10 };
  sizeFormColumns(sheet, widest);
  await protect(sheet);
}

const NUMERIC = new Set(["integer", "number", "percent"]);

function writeInputCell(
  cell: ExcelJS.Cell,
  indicator: Indicator,
  value: number | string | undefined,
) {
  cell.protection = { locked: false };
  cell.fill = INPUT_FILL;
  cell.border = border;
  if (indicator.type === "boolean") {
    cell.value = value === undefined ? null : value === 1 ? "Có" : "Không";
    cell.dataValidation = {
      type: "list",
      allowBlank: true,
      formulae: ['"Có,Không"'],
      showErrorMessage: true,
      error: "Chọn Có hoặc Không",
    };
  } else if (indicator.type === "text") {
    cell.value = value ?? null;
    cell.alignment = { wrapText: true, vertical: "top" };
  } else {
    cell.value = value ?? null;
    if (indicator.type === "integer") cell.numFmt = "#,##0";
    cell.dataValidation = {
      type: indicator.type === "integer" ? "whole" : "decimal",
      operator: "between",
      allowBlank: true,
      formulae: [indicator.min ?? -1e15, indicator.max ?? 1e15],
      showErrorMessage: true,
      errorTitle: "Giá trị không hợp lệ",
      error: rangeText(indicator),
    };
  }
}

function rangeText(indicator: Indicator): string {
  const kind = indicator.type === "integer" ? "số nguyên" : "số";
  if (indicator.min !== undefined && indicator.max !== undefined)
    return `Nhập ${kind} từ ${indicator.min} đến ${indicator.max}`;
  if (indicator.min !== undefined) return `Nhập ${kind} không nhỏ hơn ${indicator.min}`;
  if (indicator.max !== undefined) return `Nhập ${kind} không lớn hơn ${indicator.max}`;
  return `Nhập ${kind}`;
}

/** The total of a disaggregated numeric row: a SUM the spreadsheet keeps current, locked. */
function writeRowTotal(line: ExcelJS.Row, indicator: Indicator, first: number, count: number) {
  const cell = line.getCell(first - 1);
  cell.fill = LOCKED_FILL;
  cell.border = border;
  cell.font = { italic: true };
  if (!NUMERIC.has(indicator.type)) return;
  const values = Array.from({ length: count }, (_, i) => line.getCell(first + i).value);
  const numbers = values.filter((v): v is number => typeof v === "number");
  const from = line.getCell(first).address;
  const to = line.getCell(first + count - 1).address;
  cell.value = {
    formula: `SUM(${from}:${to})`,
    result: numbers.length > 0 ? numbers.reduce((a, b) => a + b, 0) : 0,
  } as ExcelJS.CellFormulaValue;
  if (indicator.type === "integer") cell.numFmt = "#,##0";
}

/**
 * Computed cells become formulas over the form's input cells, with the value at download as the
 * cached result (shown until the spreadsheet recomputes; "no data" is an empty text). A cell
 * whose formula would be too large for Excel keeps that value, fixed.
 */
function writeComputedFormulas(
  workbook: ExcelJS.Workbook,
  template: CompiledTemplate,
  cells: FormCell[],
) {
  for (const [entry, formula] of computedCellFormulas(template, cells)) {
    const cell = workbook.getWorksheet(entry.sheet)!.getCell(entry.cell);
    cell.value = { formula, result: entry.shown ?? "" } as ExcelJS.CellFormulaValue;
    entry.formula = formula;
  }
}

async function addNarrativeSheet(workbook: ExcelJS.Workbook, input: SheetInput) {
  const { view, template, cells } = input;
  const sheet = workbook.addWorksheet(NARRATIVE_SHEET, { pageSetup: PAGE_SETUP });
  writeHeading(sheet, input.heading("Nội dung báo cáo (đề cương)"), 4);
  const header = sheet.getRow(FIRST_TABLE_ROW - 1);
  header.values = ["STT", "Mục / Section", "Hướng dẫn / Guidance", "Nội dung / Text"];
  header.eachCell(styleHeader);
  template.definition.sections.forEach((section, i) => {
    const line = sheet.getRow(FIRST_TABLE_ROW + i);
    line.values = [
      i + 1,
      `${section.title}${section.required ? " (bắt buộc)" : ""}`,
      section.guidance ?? "",
      view.narrative[section.code] ?? "",
    ];
    line.height = 120;
    line.alignment = { vertical: "top", wrapText: true };
    line.eachCell({ includeEmpty: true }, (cell) => (cell.border = border));
    const text = line.getCell(4);
    text.protection = { locked: false };
    text.fill = INPUT_FILL;
    cells.push({
      sheet: NARRATIVE_SHEET,
      cell: text.address,
      kind: "narrative",
      code: section.code,
      combination: "",
      shown: null,
    });
  });
  [6, 30, 40, 80].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  await protect(sheet);
}

/**
 * The hidden sheet: the report's identity, then the map of cells (sheet, cell, kind, code,
 * combination, shown, formula).
 */
async function addMetaSheet(workbook: ExcelJS.Workbook, view: ReportView, cells: FormCell[]) {
  const sheet = workbook.addWorksheet(FORM_META_SHEET, { state: "veryHidden" });
  const identity: Record<(typeof META_KEYS)[number], string | number> = {
    format: FORM_FORMAT,
    reportId: view.id,
    regime: view.regime.code,
    organization: view.organization.code,
    period: view.periodId,
    templateVersion: view.templateVersion,
  };
  META_KEYS.forEach((key, i) => (sheet.getRow(i + 1).values = [key, identity[key]]));
  sheet.getRow(META_MAP_ROW).values = [
    "sheet",
    "cell",
    "kind",
    "code",
    "combination",
    "shown",
    "formula",
  ];
  cells.forEach((c, i) => {
    sheet.getRow(META_MAP_ROW + 1 + i).values = [
      c.sheet,
      c.cell,
      c.kind,
      c.code,
      c.combination,
      c.shown,
      c.formula ?? null,
    ];
  });
  await protect(sheet);
}

/**
 * Sheet protection without a password: it keeps a slip of the mouse off labels and computed
 * cells; the upload checks those cells anyway, since anyone can lift it.
 */
async function protect(sheet: ExcelJS.Worksheet) {
  await sheet.protect("", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
}
