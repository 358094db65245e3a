import ExcelJS from "exceljs";
import type { Platform } from "../../../platform.ts";
import { formatCsvRecord } from "../../../core/csv.ts";
import { CSV_TYPE, XLSX_TYPE } from "./import-file.ts";

/** Test factories for onboarding: account files as an administrator would upload them. */

export const HEADER = [
  "Tên đăng nhập",
  "Họ và tên",
  "Thư điện tử",
  "Mã định danh cơ quan",
  "Vai trò",
];

export type AccountLine = [
  username: string,
  displayName: string,
  email: string,
  organizationCode: string,
  roles: string,
];

/** A CSV file as Excel's "CSV UTF-8" saves it: BOM, CRLF, quotes where needed. */
export function buildCsv(lines: AccountLine[], delimiter: "," | ";" = ","): Buffer {
  const text = [HEADER, ...lines].map((fields) => formatCsvRecord(fields, delimiter)).join("");
  return Buffer.from(`\uFEFF${text}`, "utf8");
}

export async function buildXlsx(lines: AccountLine[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Tài khoản");
  sheet.addRow(HEADER);
  for (const [username, displayName, email, code, roles] of lines) {
    const row = sheet.addRow([username, displayName, null, code, roles]);
    // Excel turns a typed address into a hyperlink cell.
    if (email) row.getCell(3).value = { text: email, hyperlink: `mailto:${email}` };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Uploads an account file to the preview or the import endpoint. */
export function upload(
  platform: Platform,
  options: {
    url: "/api/v1/identity/user-imports/preview" | "/api/v1/identity/user-imports";
    file: Buffer;
    type?: "csv" | "xlsx" | string;
    headers?: Record<string, string>;
  },
) {
  const type = options.type ?? "csv";
  return platform.app.inject({
    method: "POST",
    url: options.url,
    headers: {
      ...options.headers,
      "content-type": type === "csv" ? CSV_TYPE : type === "xlsx" ? XLSX_TYPE : type,
    },
    payload: options.file,
  });
}

/** The token at the end of a set-password link. */
export const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);
