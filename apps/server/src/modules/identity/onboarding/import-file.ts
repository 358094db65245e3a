import ExcelJS from "exceljs";
import { AppError } from "../../../core/errors.ts";
import { foldVietnamese } from "../../../core/text.ts";
import { ACCOUNT_COLUMNS, type AccountColumn, type AccountRowInput } from "./account-rows.ts";
import { CsvSyntaxError, parseCsv } from "../../../core/csv.ts";

export const CSV_TYPE = "text/csv";
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** More accounts than one agency onboards at once; a bigger list is split into several files. */
export const MAX_IMPORT_ROWS = 5000;

/** The header row of the template; Vietnamese, as officials fill it in. */
export const COLUMN_HEADERS: Record<AccountColumn, { vi: string; en: string }> = {
  username: { vi: "Tên đăng nhập", en: "Username" },
  displayName: { vi: "Họ và tên", en: "Display name" },
  email: { vi: "Thư điện tử", en: "E-mail" },
  organizationCode: { vi: "Mã định danh cơ quan", en: "Organization code" },
  roles: { vi: "Vai trò", en: "Roles" },
};

/** Header names accepted for each column, folded (no accents, lower case). */
const HEADER_ALIASES: Record<AccountColumn, string[]> = {
  username: ["ten dang nhap", "tai khoan", "username", "user name", "login"],
  displayName: ["ho va ten", "ho ten", "display name", "full name", "name"],
  email: ["thu dien tu", "email", "e-mail", "dia chi thu dien tu"],
  organizationCode: [
    "ma dinh danh co quan",
    "ma dinh danh",
    "ma co quan",
    "organization code",
    "agency code",
  ],
  roles: ["vai tro", "roles", "role"],
};

function columnOf(header: string): AccountColumn | undefined {
  // "Họ và tên (Display name)" or "Họ và tên / Display name" match on either part.
  const parts = foldVietnamese(header)
    .replace(/[*:]/g, "")
    .split(/\s*[/()]\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  return ACCOUNT_COLUMNS.find((column) =>
    parts.some((part) => HEADER_ALIASES[column].includes(part)),
  );
}

const fileProblem = (vi: string, en: string) =>
  new AppError("unprocessable", { detail: { vi, en } });

/** A sheet as rows of cell texts with their row numbers as the spreadsheet shows them. */
type Sheet = { number: number; cells: string[] }[];

/**
 * Reads the accounts of a CSV or Excel file: the first non-empty row names the columns (in any
 * order, Vietnamese or English), blank rows are skipped, and each row keeps the number a person
 * sees in Excel so problems can be pointed at.
 */
export async function readImportFile(
  body: Buffer,
  contentType: string,
): Promise<AccountRowInput[]> {
  const sheet = contentType === XLSX_TYPE ? await readXlsx(body) : readCsv(body);
  const nonEmpty = sheet.filter((r) => r.cells.some((c) => c.trim() !== ""));
  const [header, ...data] = nonEmpty;
  if (!header)
    throw fileProblem(
      "Tệp không có dữ liệu. Hãy dùng tệp mẫu và điền mỗi tài khoản một dòng.",
      "The file holds no data. Use the template and fill in one account per row.",
    );
  const positions = new Map<AccountColumn, number>();
  header.cells.forEach((text, index) => {
    const column = columnOf(text);
    if (column && !positions.has(column)) positions.set(column, index);
  });
  const missing = ACCOUNT_COLUMNS.filter((c) => c !== "email" && !positions.has(c));
  if (missing.length > 0)
    throw fileProblem(
      `Dòng tiêu đề thiếu cột: ${missing.map((c) => COLUMN_HEADERS[c].vi).join(", ")}. Hãy dùng tệp mẫu.`,
      `The header row lacks the columns: ${missing.map((c) => COLUMN_HEADERS[c].en).join(", ")}. Use the template.`,
    );
  if (data.length > MAX_IMPORT_ROWS) throw tooManyRows(data.length);
  return data.map(({ number, cells }) => {
    const cell = (column: AccountColumn) => {
      const index = positions.get(column);
      return index === undefined ? "" : (cells[index] ?? "");
    };
    return {
      row: number,
      username: cell("username"),
      displayName: cell("displayName"),
      email: cell("email"),
      organizationCode: cell("organizationCode"),
      roles: cell("roles"),
    };
  });
}

function tooManyRows(count: number) {
  return new AppError("payload_too_large", {
    detail: {
      vi: `Tệp có ${count.toLocaleString("vi-VN")} dòng dữ liệu; mỗi lần nhập tối đa ${MAX_IMPORT_ROWS.toLocaleString("vi-VN")} dòng. Hãy chia thành nhiều tệp.`,
      en: `The file has ${count.toLocaleString("en-US")} data rows; one import takes at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")}. Split it into several files.`,
    },
    extra: { maxRows: MAX_IMPORT_ROWS },
  });
}

function readCsv(body: Buffer): Sheet {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw fileProblem(
      "Tệp CSV không phải mã UTF-8. Trong Excel, hãy lưu bằng “CSV UTF-8 (Comma delimited)”.",
      'The CSV file is not UTF-8. In Excel, save it as "CSV UTF-8 (Comma delimited)".',
    );
  }
  try {
    return parseCsv(text).map((cells, index) => ({ number: index + 1, cells }));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw fileProblem(
      `Tệp CSV sai cú pháp ở dòng ${error.line}: dấu ngoặc kép không khớp.`,
      `The CSV file is malformed at line ${error.line}: ${error.message}.`,
    );
  }
}

async function readXlsx(body: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw fileProblem(
      "Không đọc được tệp Excel. Hãy lưu tệp dạng .xlsx (Excel Workbook) rồi thử lại.",
      "The Excel file cannot be read. Save it as .xlsx (Excel Workbook) and try again.",
    );
  }
  const worksheet = workbook.worksheets[0];
  if (!worksheet) return [];
  // Header plus the limit; more rows than this are refused before any is read.
  if (worksheet.actualRowCount > MAX_IMPORT_ROWS + 1)
    throw tooManyRows(worksheet.actualRowCount - 1);
  const sheet: Sheet = [];
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1)
      cells.push(cellText(row.getCell(column)));
    sheet.push({ number, cells });
  });
  return sheet;
}

/** Text as the person sees it: hyperlinked e-mail addresses and formulas give their visible value. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && "hyperlink" in value) return String(value.text ?? "");
  return cell.text ?? "";
}
