// Layout shared by the workbooks of the reports module: the report form and the aggregate.
import type ExcelJS from "exceljs";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const thin = { style: "thin" } as const;
export const border = { top: thin, left: thin, bottom: thin, right: thin };
const HEADER_FILL = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFEFEFEF" },
} as const;

/** `2026-09-14` as officials write it: `14/09/2026`. */
export function vietnameseDate(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

/** The sheet of the form at `index` (0-based), named as paper forms are: `Biểu 01`. */
export function formSheetName(index: number): string {
  return `Biểu ${String(index + 1).padStart(2, "0")}`;
}

/** Title lines above a table: the first one large and bold, the others plain, each merged across. */
export function writeHeading(sheet: ExcelJS.Worksheet, lines: string[], width: number) {
  lines.forEach((text, i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = text;
    row.font = i === 0 ? { bold: true, size: 14 } : { size: 11 };
    row.alignment = { horizontal: "left", vertical: "middle" };
    sheet.mergeCells(i + 1, 1, i + 1, Math.max(width, 4));
  });
}

/** Set to print on A4 landscape, fitted to the page width. */
export const PAGE_SETUP = {
  paperSize: 9,
  orientation: "landscape",
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
} as const;

/** A header cell: bold, centred, on light grey, framed. */
export function styleHeader(cell: ExcelJS.Cell) {
  cell.font = { bold: true };
  cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  cell.fill = HEADER_FILL;
  cell.border = border;
}
