import ExcelJS from "exceljs";
import { ROLES } from "../../../core/actor.ts";
import { ROLE_LABELS } from "../schema.ts";
import { ACCOUNT_COLUMNS } from "./account-rows.ts";
import { formatCsvRecord } from "../../../core/csv.ts";
import { COLUMN_HEADERS, MAX_IMPORT_ROWS } from "./import-file.ts";

const header = () => ACCOUNT_COLUMNS.map((column) => COLUMN_HEADERS[column].vi);

/** The header row with a UTF-8 BOM, so Excel opens the Vietnamese letters correctly. */
export function csvTemplate(): Buffer {
  return Buffer.from(`\uFEFF${formatCsvRecord(header())}`, "utf8");
}

/**
 * The first sheet is the one read back: only the header row. A second sheet explains each
 * column and lists the roles, in Vietnamese and English.
 */
export async function xlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Liên Thông";
  const accounts = workbook.addWorksheet("Tài khoản", { views: [{ state: "frozen", ySplit: 1 }] });
  accounts.columns = header().map((title, i) => ({
    header: title,
    width: [22, 32, 32, 24, 36][i],
  }));
  accounts.getRow(1).font = { bold: true };
  accounts.getColumn(4).numFmt = "@";

  const guide = workbook.addWorksheet("Hướng dẫn - Guide");
  guide.columns = [{ width: 28 }, { width: 70 }, { width: 70 }];
  guide.addRow(["Cột / Column", "Hướng dẫn", "Guide"]).font = { bold: true };
  guide.addRows([
    [
      COLUMN_HEADERS.username.vi,
      "3–64 chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; không trùng.",
      "3–64 lowercase letters without accents, digits, dots, dashes, underscores; unique.",
    ],
    [COLUMN_HEADERS.displayName.vi, "Họ và tên đầy đủ, có dấu.", "Full name, with accents."],
    [
      COLUMN_HEADERS.email.vi,
      "Không bắt buộc; nếu có, liên kết đặt mật khẩu được gửi tới địa chỉ này.",
      "Optional; when given, the set-password link is mailed to it.",
    ],
    [
      COLUMN_HEADERS.organizationCode.vi,
      "Mã định danh điện tử của cơ quan (QĐ 20/2020/QĐ-TTg), ví dụ 000.00.00.H29.",
      "The agency's electronic code (Decision 20/2020/QĐ-TTg), e.g. 000.00.00.H29.",
    ],
    [
      COLUMN_HEADERS.roles.vi,
      "Một hoặc nhiều vai trò, cách nhau bằng dấu phẩy hoặc chấm phẩy (mã hoặc tên bên dưới).",
      "One or more roles, separated by commas or semicolons (id or name below).",
    ],
    [
      "",
      `Mỗi lần nhập tối đa ${MAX_IMPORT_ROWS.toLocaleString("vi-VN")} dòng.`,
      `At most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows per import.`,
    ],
    [],
  ]);
  guide.addRow(["Vai trò / Role", "Tên", "Name"]).font = { bold: true };
  guide.addRows(ROLES.map((role) => [role, ROLE_LABELS[role].vi, ROLE_LABELS[role].en]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
