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
import type { CompiledTemplate } from "./template.ts";
import { compiledTemplate } from "./templates.ts";

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
 * The live aggregate (`aggregate`, same options) as a file: an Excel workbook in the template's
 * layout — one sheet per form, a block of indicator rows × options per group and one for the
 * total, and a sheet of completeness — or CSV, one row per group × indicator × option, UTF-8 with
 * a byte order mark so Excel reads the Vietnamese letters. Who may see the aggregate may export it.
 */
export async function exportAggregate(
  options: Parameters<typeof aggregate>[0] & { format: AggregateExportFormat },
): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  const result = await aggregate(options);
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
