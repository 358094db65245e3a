import { DOCUMENT_TYPES, isDocumentTypeCode } from "./document-types.ts";
import type { Register, RegisterEntry } from "./register-schema.ts";

/**
 * The columns of the register forms of Decree 30/2020/NĐ-CP (appendix IV, "Sổ đăng ký văn bản
 * đi" and "Sổ đăng ký văn bản đến"), in the form's order and words. Every export (CSV, XLSX, PDF)
 * reads them from here. Columns the clerk fills by hand on paper (Ngày chuyển, Ký nhận) stay
 * empty. A secret register adds the security class (Độ mật) after the subject, as registers of
 * secret documents record it.
 */
export type RegisterColumn = {
  header: string;
  /** Width in characters (XLSX); the PDF shares the page width in the same proportions. */
  width: number;
  /** Only in a secret register's form. */
  secretOnly?: boolean;
  value(entry: RegisterEntry): string | number | null;
};

const CONFIDENTIALITY_LABELS: Record<string, string> = {
  mat: "Mật",
  toi_mat: "Tối mật",
  tuyet_mat: "Tuyệt mật",
};
const URGENCY_LABELS: Record<string, string> = {
  khan: "Khẩn",
  thuong_khan: "Thượng khẩn",
  hoa_toc: "Hỏa tốc",
};

/** `2026-03-02` as the form writes it, `02/03/2026`. */
export function formDate(date: string | null): string {
  return date ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : "";
}

/** "Tên loại và trích yếu nội dung": the type's name, then the subject unless it starts with it. */
function typeAndSubject(entry: RegisterEntry): string {
  const name = isDocumentTypeCode(entry.typeCode) ? DOCUMENT_TYPES[entry.typeCode].vi : "";
  if (!name || entry.subject.toLocaleLowerCase("vi").startsWith(name.toLocaleLowerCase("vi")))
    return entry.subject;
  return `${name}: ${entry.subject}`;
}

/** Ghi chú: the urgency (độ khẩn), which the form has no column of, then the clerk's notes. */
function remarks(entry: RegisterEntry): string {
  return [URGENCY_LABELS[entry.urgency], entry.notes].filter(Boolean).join("; ");
}

const securityClass: RegisterColumn = {
  header: "Độ mật",
  width: 10,
  secretOnly: true,
  value: (entry) => CONFIDENTIALITY_LABELS[entry.confidentiality] ?? "",
};

export const OUTGOING_COLUMNS: readonly RegisterColumn[] = [
  { header: "Số, ký hiệu văn bản", width: 16, value: (e) => e.symbol },
  { header: "Ngày tháng văn bản", width: 12, value: (e) => formDate(e.documentDate) },
  { header: "Tên loại và trích yếu nội dung", width: 46, value: typeAndSubject },
  securityClass,
  { header: "Người ký", width: 18, value: (e) => e.signer },
  { header: "Nơi nhận văn bản", width: 28, value: (e) => e.counterpart },
  { header: "Đơn vị, người nhận bản lưu", width: 18, value: (e) => e.internalRecipient },
  { header: "Số lượng bản", width: 8, value: (e) => e.copies },
  { header: "Ngày chuyển", width: 11, value: () => null },
  { header: "Ký nhận", width: 11, value: () => null },
  { header: "Ghi chú", width: 18, value: remarks },
];

export const INCOMING_COLUMNS: readonly RegisterColumn[] = [
  { header: "Ngày đến", width: 11, value: (e) => formDate(e.receivedOn) },
  { header: "Số đến", width: 8, value: (e) => e.number },
  { header: "Tác giả", width: 26, value: (e) => e.counterpart },
  { header: "Số, ký hiệu", width: 16, value: (e) => e.symbol },
  { header: "Ngày tháng", width: 11, value: (e) => formDate(e.documentDate) },
  { header: "Tên loại và trích yếu nội dung", width: 46, value: typeAndSubject },
  securityClass,
  { header: "Đơn vị hoặc người nhận", width: 20, value: (e) => e.internalRecipient },
  { header: "Ký nhận", width: 11, value: () => null },
  { header: "Ghi chú", width: 18, value: remarks },
];

export function registerColumns(register: Pick<Register, "direction" | "kind">) {
  const columns = register.direction === "outgoing" ? OUTGOING_COLUMNS : INCOMING_COLUMNS;
  return columns.filter((column) => !column.secretOnly || register.kind === "secret");
}

/** The form's title: "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐẾN". */
export function formTitle(register: Pick<Register, "direction" | "kind">): string {
  const secret = register.kind === "secret" ? " MẬT" : "";
  return `SỔ ĐĂNG KÝ VĂN BẢN${secret} ${register.direction === "outgoing" ? "ĐI" : "ĐẾN"}`;
}

/** An ASCII file name, `so-van-ban-di-2026.csv`, `so-van-ban-mat-den-2026.pdf`. */
export function exportFileName(register: Register, extension: string): string {
  const secret = register.kind === "secret" ? "mat-" : "";
  const direction = register.direction === "outgoing" ? "di" : "den";
  return `so-van-ban-${secret}${direction}-${register.year}.${extension}`;
}
