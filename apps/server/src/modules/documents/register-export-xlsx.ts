import ExcelJS from "exceljs";
import { collectEntries, numberRange, type RegisterExport } from "./register-export.ts";

const HEADER_ROW = 5;
const thin = { style: "thin" } as const;
const border = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * The register as an Excel workbook laid out like the paper form: the organization, the form's
 * title, the year and the number range above a bold header row; set to print on A4 landscape,
 * fitted to the page width, with the header row repeated on every page.
 */
export async function registerXlsx(exported: RegisterExport): Promise<Buffer> {
  const { register, columns } = exported;
  const entries = await collectEntries(exported);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Liên Thông";
  workbook.title = `${exported.title} ${register.year}`;
  const sheet = workbook.addWorksheet(
    `Sổ ${register.direction === "outgoing" ? "đi" : "đến"} ${register.year}`,
    {
      views: [{ state: "frozen", ySplit: HEADER_ROW }],
      pageSetup: {
        paperSize: 9,
        orientation: "landscape",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: "Trang &P / &N" },
    },
  );
  sheet.columns = columns.map((column) => ({ width: column.width }));
  const heading = [
    { text: exported.organizationName, font: { bold: true, size: 12 }, align: "left" },
    { text: exported.title, font: { bold: true, size: 14 }, align: "center" },
    { text: `Năm: ${register.year}`, font: { bold: true, size: 12 }, align: "center" },
    {
      text: `${register.name}. ${numberRange(entries)}`,
      font: { italic: true, size: 11 },
      align: "center",
    },
  ] as const;
  heading.forEach((line, i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = line.text;
    row.font = line.font;
    row.alignment = { horizontal: line.align, vertical: "middle" };
    sheet.mergeCells(i + 1, 1, i + 1, columns.length);
  });
  const header = sheet.getRow(HEADER_ROW);
  header.values = columns.map((column) => column.header);
  header.font = { bold: true };
  header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.border = border;
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFEFEF" } };
  });
  for (const entry of entries) {
    const row = sheet.addRow(columns.map((column) => column.value(entry)));
    row.alignment = { vertical: "top", wrapText: true };
    for (let i = 1; i <= columns.length; i++) row.getCell(i).border = border;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
