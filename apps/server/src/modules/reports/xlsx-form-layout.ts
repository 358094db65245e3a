// The layout of a template's form on a sheet, shared by the unit's Excel form and the aggregate's.
import type ExcelJS from "exceljs";
import type { Category, CompiledTemplate, Form, Indicator } from "./template.ts";
import { border, styleHeader } from "./xlsx-layout.ts";

const FIXED_COLUMNS = [
  { header: "STT", width: 6 },
  { header: "Mã chỉ tiêu / Code", width: 16 },
  { header: "Chỉ tiêu / Indicator", width: 44 },
  { header: "Đơn vị tính / Unit", width: 12 },
];
/** The row of a form sheet where its first table starts (heading lines above it). */
export const FIRST_TABLE_ROW = 8;

/**
 * One indicator row of a form's table, its number, code, name and unit written: where its values
 * go. A disaggregated row has one column per combination from `firstValueColumn` on and its total
 * just before; a row without categories, or a computed one, has one cell at `firstValueColumn`.
 */
export type FormRow = {
  line: ExcelJS.Row;
  indicator: Indicator;
  firstValueColumn: number;
  /** The combinations of the row's columns, in order; `[""]` for a single cell. */
  combinations: string[];
  disaggregated: boolean;
};

/**
 * A form's tables on `sheet`, from {@link FIRST_TABLE_ROW} down, as on paper: indicators sharing
 * their disaggregation side by side in one table under a multi-level header over every
 * combination of options, computed ones in one cell. `fill` writes each row's values. Returns the
 * widest column used.
 */
export function writeFormTables(
  sheet: ExcelJS.Worksheet,
  template: CompiledTemplate,
  form: Form,
  fill: (row: FormRow) => void,
): number {
  let widest = FIXED_COLUMNS.length + 1;
  let row = FIRST_TABLE_ROW;
  let number = 0;
  for (const indicators of tablesOf(form)) {
    const first = template.indicators.get(indicators[0]!.code)!;
    const categories =
      first.formula !== undefined
        ? []
        : (first.categories ?? []).map((code) => template.categories.get(code)!);
    const combinations = first.formula !== undefined ? [""] : first.combinations;
    const firstValueColumn = FIXED_COLUMNS.length + (categories.length > 0 ? 2 : 1);
    widest = Math.max(widest, firstValueColumn + combinations.length - 1);
    row = writeTableHeader(sheet, row, categories, combinations);
    for (const indicator of indicators) {
      number += 1;
      const line = sheet.getRow(row);
      line.values = [number, indicator.code, indicator.name, indicator.unit ?? ""];
      for (let c = 1; c <= FIXED_COLUMNS.length; c++) {
        line.getCell(c).border = border;
        line.getCell(c).alignment = { vertical: "middle", wrapText: c === 3 };
      }
      fill({
        line,
        indicator,
        firstValueColumn,
        combinations,
        disaggregated: categories.length > 0,
      });
      row += 1;
    }
    row += 1;
  }
  return widest;
}

/** The fixed columns at their widths, the value columns up to `widest` at one width. */
export function sizeFormColumns(sheet: ExcelJS.Worksheet, widest: number) {
  FIXED_COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  for (let c = FIXED_COLUMNS.length + 1; c <= widest; c++) sheet.getColumn(c).width = 14;
}

/** Indicators side by side in one table share their disaggregation; computed ones have one cell. */
function tablesOf(form: Form): Indicator[][] {
  const tables: Indicator[][] = [];
  let key: string | undefined;
  for (const indicator of form.indicators) {
    const own = indicator.formula !== undefined ? "" : (indicator.categories ?? []).join(",");
    if (own !== key) tables.push([]);
    key = own;
    tables.at(-1)!.push(indicator);
  }
  return tables;
}

/**
 * The header of one table: the fixed columns, then one row per disaggregation category, an
 * option's name spanning the columns of every combination under it (as on paper). Returns the
 * first row after it.
 */
function writeTableHeader(
  sheet: ExcelJS.Worksheet,
  top: number,
  categories: Category[],
  combinations: string[],
): number {
  const depth = Math.max(categories.length, 1);
  const bottom = top + depth - 1;
  const fixed = [
    ...FIXED_COLUMNS.map((c) => c.header),
    categories.length > 0 ? "Tổng số / Total" : "Giá trị / Value",
  ];
  fixed.forEach((header, i) => {
    sheet.getCell(top, i + 1).value = header;
    for (let r = top; r <= bottom; r++) styleHeader(sheet.getCell(r, i + 1));
    if (depth > 1) sheet.mergeCells(top, i + 1, bottom, i + 1);
  });
  const firstValueColumn = FIXED_COLUMNS.length + 2;
  categories.forEach((category, level) => {
    const names = new Map(category.options.map((o) => [o.code, o.name]));
    let start = 0;
    combinations.forEach((combination, i) => {
      const prefix = (c: string) =>
        c
          .split(".")
          .slice(0, level + 1)
          .join(".");
      const next = combinations[i + 1];
      if (next !== undefined && prefix(next) === prefix(combination)) return;
      const option = combination.split(".")[level]!;
      const cell = sheet.getCell(top + level, firstValueColumn + start);
      cell.value = names.get(option) ?? option;
      for (let c = start; c <= i; c++)
        styleHeader(sheet.getCell(top + level, firstValueColumn + c));
      if (i > start)
        sheet.mergeCells(top + level, firstValueColumn + start, top + level, firstValueColumn + i);
      start = i + 1;
    });
  });
  sheet.getRow(top).height = 30;
  return bottom + 1;
}
