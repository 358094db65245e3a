import ExcelJS from "exceljs";
import { formatCsvRecord } from "../../core/csv.ts";
import { aggregate, type Aggregate, type AggregateRow } from "./aggregation.ts";
import { selectPublishedVersions } from "./repo.ts";
import {
  PAGE_SETUP,
  XLSX_TYPE,
  border,
  formSheetName,
  styleHeader,
  vietnameseDate,
  writeHeading,
} from "./xlsx-layout.ts";
import type { CompiledTemplate, Form, Indicator } from "./template.ts";
import { compiledTemplate } from "./templates.ts";
import { sizeFormColumns, writeFormTables, type FormRow } from "./xlsx-form-layout.ts";

export type AggregateExportFormat = "xlsx" | "csv";

const INCLUDED: Record<Aggregate["include"], string> = {
  submitted: "báo cáo đã gửi và đã tiếp nhận",
  accepted: "chỉ báo cáo đã tiếp nhận",
  all: "mọi báo cáo, kể cả bản đang nhập",
};
const GROUPED: Record<string, string> = {
  none: "không chia nhóm",
  organization: "đơn vị trực thuộc",
  unit: "đơn vị báo cáo",
  period: "kỳ báo cáo",
  area: "địa bàn tỉnh, thành phố",
};

/**
 * The live aggregate (`aggregate`, same options) as a file: an Excel workbook — first, per form,
 * the total laid out exactly as the unit's Excel form (every combination of options); then, per
 * form, a block of indicator rows × the options of `category` per group and one for the total;
 * and a sheet of completeness — or CSV, one row per group × indicator × option, UTF-8 with
 * a byte order mark so Excel reads the Vietnamese letters. Who may see the aggregate may export it.
 */
export async function exportAggregate(
  options: Parameters<typeof aggregate>[0] & { format: AggregateExportFormat },
): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  const result = await aggregate({ ...options, combinations: options.format === "xlsx" });
  const version = (await selectPublishedVersions(options.db, [result.regime.id])).get(
    result.regime.id,
  )!;
  const template = await compiledTemplate(options.db, result.regime.id, version);
  const fileName = `tong-hop-${result.regime.code}-${result.period.id}.${options.format}`;
  if (options.format === "csv")
    return {
      fileName,
      contentType: "text/csv; charset=utf-8",
      body: Buffer.from(aggregateCsv(result, template), "utf8"),
    };
  return { fileName, contentType: XLSX_TYPE, body: await aggregateXlsx(result, template) };
}

/** Every group row, then the total (its group key empty). */
const groupsOf = (result: Aggregate): AggregateRow[] => [...result.rows, result.total];

/** The column headers of the CSV, Vietnamese as officials read them. */
export const CSV_HEADER = [
  "Mã nhóm",
  "Nhóm",
  "Mã chỉ tiêu",
  "Chỉ tiêu",
  "Đơn vị tính",
  "Mã phân tổ",
  "Phân tổ",
  "Giá trị",
];

/** A text Excel would run as a formula (`=`, `+`, `@`, a leading tab) is shown as text instead. */
const asText = (text: string) => (/^[=+@\t\r]/.test(text) ? `'${text}` : text);

export function aggregateCsv(result: Aggregate, template: CompiledTemplate): string {
  const options = optionNames(result, template);
  const lines = [formatCsvRecord(CSV_HEADER)];
  for (const group of groupsOf(result))
    for (const cell of group.cells) {
      const indicator = template.indicators.get(cell.indicator);
      lines.push(
        formatCsvRecord([
          group.key,
          asText(group.label),
          cell.indicator,
          asText(indicator?.name ?? ""),
          asText(indicator?.unit ?? ""),
          cell.option ?? "",
          asText(cell.option === null ? "Tổng số" : (options.get(cell.option) ?? cell.option)),
          cell.value === null ? "" : String(cell.value),
        ]),
      );
    }
  return `\uFEFF${lines.join("")}`;
}

function optionNames(result: Aggregate, template: CompiledTemplate): Map<string, string> {
  const category = result.category ? template.categories.get(result.category) : undefined;
  return new Map((category?.options ?? []).map((o) => [o.code, o.name]));
}

async function aggregateXlsx(result: Aggregate, template: CompiledTemplate): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Liên Thông";
  workbook.title = `${result.regime.name} — ${result.period.id}`;
  const options = [...optionNames(result, template)];
  const heading = (title: string) => [
    title,
    `Chế độ báo cáo: ${result.regime.name} (${result.regime.code})`,
    `Kỳ: ${result.period.id}, từ ngày ${vietnameseDate(result.period.start)} đến ngày ${vietnameseDate(result.period.end)}`,
    `Phạm vi: ${result.total.label}; tổng hợp theo ${GROUPED[result.groupBy] ?? result.groupBy}; số liệu của ${INCLUDED[result.include]}`,
  ];
  const used = new Set(result.total.cells.map((c) => c.indicator));
  const forms = template.definition.forms
    .map((form, index) => ({ form, index }))
    .filter(({ form }) => form.indicators.some((i) => used.has(i.code)));
  for (const { form, index } of forms) addTotalFormSheet(workbook, result, template, form, index);
  template.definition.forms.forEach((form, index) => {
    const indicators = form.indicators.filter((i) => used.has(i.code));
    if (indicators.length === 0) return;
    const sheet = workbook.addWorksheet(formSheetName(index), { pageSetup: PAGE_SETUP });
    const columns = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Tổng số"];
    columns.push(...options.map(([, name]) => name));
    writeHeading(sheet, heading(`Biểu ${form.code}. ${form.title} — số liệu tổng hợp`), 8);
    let row = 6;
    for (const group of groupsOf(result)) {
      const title = sheet.getRow(row);
      title.getCell(1).value = group === result.total ? `Tổng cộng: ${group.label}` : group.label;
      title.font = { bold: true };
      const header = sheet.getRow(row + 1);
      header.values = columns;
      header.eachCell(styleHeader);
      row += 2;
      const value = (indicator: string, option: string | null) =>
        group.cells.find((c) => c.indicator === indicator && c.option === option)?.value ?? null;
      indicators.forEach((indicator, i) => {
        const line = sheet.getRow(row);
        line.values = [
          i + 1,
          indicator.code,
          indicator.name,
          indicator.unit ?? "",
          value(indicator.code, null),
          ...options.map(([code]) => value(indicator.code, code)),
        ];
        for (let c = 1; c <= columns.length; c++) line.getCell(c).border = border;
        line.getCell(3).alignment = { wrapText: true, vertical: "middle" };
        row += 1;
      });
      row += 1;
    }
    [6, 16, 44, 12, 14].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
    for (let c = 6; c <= columns.length; c++) sheet.getColumn(c).width = 14;
  });
  addCompletenessSheet(workbook, result, heading);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The sheet of a form's total: the form's own tables (as `excel-form.ts` lays them out for a unit)
 * with each cell's aggregated value, computed indicators evaluated on the aggregates, the total of
 * a disaggregated row in its "Tổng số" column; empty where no report has the value. Nothing to
 * fill in, so neither locked nor mapped.
 */
function addTotalFormSheet(
  workbook: ExcelJS.Workbook,
  result: Aggregate,
  template: CompiledTemplate,
  form: Form,
  index: number,
) {
  const sheet = workbook.addWorksheet(`${formSheetName(index)} - tổng hợp`, {
    pageSetup: PAGE_SETUP,
  });
  const byCombination = new Map(
    (result.total.combinations ?? []).map((v) => [`${v.indicator}\n${v.combination}`, v.value]),
  );
  const totals = new Map(
    result.total.cells.filter((c) => c.option === null).map((c) => [c.indicator, c.value]),
  );
  const fill = ({ line, indicator, firstValueColumn, combinations, disaggregated }: FormRow) => {
    const write = (column: number, value: number | null | undefined, derived: boolean) => {
      const cell = line.getCell(column);
      cell.value = value ?? null;
      cell.border = border;
      const format = NUMBER_FORMATS[indicator.type];
      if (format) cell.numFmt = format;
      if (derived) cell.font = { italic: true };
    };
    if (indicator.formula !== undefined)
      return write(firstValueColumn, totals.get(indicator.code), true);
    combinations.forEach((combination, i) =>
      write(firstValueColumn + i, byCombination.get(`${indicator.code}\n${combination}`), false),
    );
    if (disaggregated) write(firstValueColumn - 1, totals.get(indicator.code), true);
  };
  const widest = writeFormTables(sheet, template, form, fill);
  const c = result.total.completeness;
  writeHeading(
    sheet,
    [
      `Biểu ${form.code}. ${form.title} — số liệu tổng hợp`,
      `Chế độ báo cáo: ${result.regime.name} (${result.regime.code})`,
      `Kỳ: ${result.period.id}, từ ngày ${vietnameseDate(result.period.start)} đến ngày ${vietnameseDate(result.period.end)}`,
      `Phạm vi: ${result.total.label} (tổng cộng)`,
      `Số liệu của ${INCLUDED[result.include]}; đã nộp ${c.submitted}/${c.expected} báo cáo phải nộp, đã tiếp nhận ${c.accepted}`,
      "Ô để trống là không có số liệu, không phải số 0; chỉ tiêu tính toán được tính trên số liệu đã tổng hợp. / An empty cell means no data; computed indicators are computed on the aggregated values.",
    ],
    Math.min(widest, 12),
  );
  sheet.getRow(6).font = { italic: true, size: 10 };
  sizeFormColumns(sheet, widest);
}

/** How a value of each numeric type is shown. */
const NUMBER_FORMATS: Partial<Record<Indicator["type"], string>> = {
  integer: "#,##0",
  number: "#,##0.00",
  percent: "#,##0.00",
};

/** Completeness and timeliness per group and in total, with the shares in per cent. */
function addCompletenessSheet(
  workbook: ExcelJS.Workbook,
  result: Aggregate,
  heading: (title: string) => string[],
) {
  const sheet = workbook.addWorksheet("Tỷ lệ nộp", { pageSetup: PAGE_SETUP });
  writeHeading(sheet, heading("Tình hình nộp báo cáo"), 7);
  const header = sheet.getRow(6);
  header.values = [
    "Nhóm / Group",
    "Phải nộp / Expected",
    "Đã nộp / Submitted",
    "Đúng hạn / On time",
    "Đã tiếp nhận / Accepted",
    "Tỷ lệ đã nộp (%)",
    "Tỷ lệ đúng hạn (%)",
  ];
  header.eachCell(styleHeader);
  const share = (part: number, whole: number) =>
    whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
  groupsOf(result).forEach((group, i) => {
    const c = group.completeness;
    const line = sheet.getRow(7 + i);
    line.values = [
      group === result.total ? `Tổng cộng: ${group.label}` : group.label,
      c.expected,
      c.submitted,
      c.onTime,
      c.accepted,
      share(c.submitted, c.expected),
      share(c.onTime, c.expected),
    ];
    if (group === result.total) line.font = { bold: true };
    for (let col = 1; col <= 7; col++) line.getCell(col).border = border;
  });
  [40, 12, 12, 12, 14, 14, 14].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
}
