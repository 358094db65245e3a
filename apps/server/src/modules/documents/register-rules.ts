import { vietnamToday } from "../../core/dates.ts";
import { AppError, type Bilingual } from "../../core/errors.ts";
import { isDocumentTypeCode, type DocumentTypeCode } from "./document-types.ts";
import { CONFIDENTIALITY, URGENCY, type EntryInput, type Register } from "./register-schema.ts";

export { vietnamToday };

/** `YYYY-MM-DD` naming a day that exists (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const invalid = (detail: Bilingual) => new AppError("validation_failed", { detail });
const refused = (detail: Bilingual) => new AppError("unprocessable", { detail });

/**
 * The rules an entry must meet before it takes a number (Decree 30/2020, art. 15 and 22): the
 * form of each field (400), then what the register allows (422). An outgoing document is dated in
 * its register's year and gets its symbol from the platform; an incoming one arrives in its
 * register's year, no earlier than it was dated and no later than today, and keeps the sender's
 * symbol. Secret documents go in the secret register, the others in the ordinary one.
 */
export function checkEntryInput(
  register: Register,
  input: Omit<EntryInput, "receivedOn"> & { receivedOn: string | null },
): DocumentTypeCode {
  if (!isDocumentTypeCode(input.typeCode))
    throw invalid({
      vi: `Loại văn bản không hợp lệ: ${input.typeCode}.`,
      en: `Unknown document type: ${input.typeCode}.`,
    });
  if (
    !isCalendarDate(input.documentDate) ||
    (input.receivedOn && !isCalendarDate(input.receivedOn))
  )
    throw invalid({ vi: "Ngày không hợp lệ (YYYY-MM-DD).", en: "Not a valid date (YYYY-MM-DD)." });
  if (!input.subject?.trim())
    throw invalid({ vi: "Trích yếu là bắt buộc.", en: "The subject is required." });
  const confidentiality = input.confidentiality ?? "none";
  if (
    !(CONFIDENTIALITY as readonly string[]).includes(confidentiality) ||
    !(URGENCY as readonly string[]).includes(input.urgency ?? "normal")
  )
    throw invalid({
      vi: "Độ mật hoặc độ khẩn không hợp lệ.",
      en: "Unknown confidentiality or urgency.",
    });
  for (const count of [input.copies, input.pages])
    if (count != null && (!Number.isInteger(count) || count < 1))
      throw invalid({
        vi: "Số lượng bản và số trang là số nguyên dương.",
        en: "Copies and pages are positive whole numbers.",
      });
  if (register.direction === "outgoing") {
    if (input.symbol !== undefined || input.receivedOn !== null)
      throw invalid({
        vi: "Số, ký hiệu văn bản đi do hệ thống cấp; văn bản đi không có ngày đến.",
        en: "An outgoing document's number and symbol are given by the platform; it has no arrival date.",
      });
    if (Number(input.documentDate.slice(0, 4)) !== register.year)
      throw refused({
        vi: `Ngày văn bản không thuộc năm ${register.year} của sổ.`,
        en: `The document date is not in the register's year ${register.year}.`,
      });
  } else {
    if (!input.symbol?.trim() || !input.counterpart?.trim() || input.unit !== undefined)
      throw invalid({
        vi: "Văn bản đến cần số, ký hiệu và cơ quan gửi (tác giả), không có đơn vị soạn thảo.",
        en: "An incoming document needs its number and symbol and its sender, and no drafting unit.",
      });
    const receivedOn = input.receivedOn!;
    if (Number(receivedOn.slice(0, 4)) !== register.year)
      throw refused({
        vi: `Ngày đến không thuộc năm ${register.year} của sổ.`,
        en: `The arrival date is not in the register's year ${register.year}.`,
      });
    if (receivedOn < input.documentDate || receivedOn > vietnamToday())
      throw refused({
        vi: "Ngày đến phải từ ngày văn bản đến hôm nay.",
        en: "The arrival date must lie between the document date and today.",
      });
  }
  if ((confidentiality === "none") !== (register.kind === "ordinary"))
    throw refused({
      vi: "Văn bản mật được đăng ký vào sổ mật, văn bản thường vào sổ thường.",
      en: "Secret documents go in the secret register, others in the ordinary one.",
    });
  return input.typeCode;
}
