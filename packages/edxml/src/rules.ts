import { issue, type ValidationIssue } from "./errors.ts";

/**
 * Mã định danh điện tử (QĐ 20/2020/QĐ-TTg): four groups read right to left, the last one the
 * level-1 unit (a letter and two digits: `G22` a ministry, `H41` a province), then levels 2–4,
 * zeros where a level is absent. The code list itself is data that changes when agencies merge,
 * so only the form is checked here.
 */
const AGENCY_CODE = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Collects issues with the rule checks every field of the model goes through. */
export class IssueList {
  readonly items: ValidationIssue[] = [];

  add(path: string, rule: string, vi: string, en: string) {
    this.items.push(issue(path, rule, vi, en));
  }

  required(path: string, value: string | undefined, vi: string, en: string): boolean {
    if (value !== undefined && value.trim() !== "") return true;
    this.add(path, "required", `Thiếu ${vi}`, `${en} is required`);
    return false;
  }

  maxLength(path: string, value: string | undefined, max: number, vi: string, en: string) {
    if (value !== undefined && [...value].length > max)
      this.add(
        path,
        `maxLength ${max}`,
        `${vi} dài quá ${max} ký tự`,
        `${en} is longer than ${max} characters`,
      );
  }

  agencyCode(path: string, value: string | undefined) {
    if (value === undefined || value === "" || AGENCY_CODE.test(value)) return;
    this.add(
      path,
      "agencyCode",
      `Mã định danh "${value}" không đúng dạng AAA.BB.CC.Hnn`,
      `agency code "${value}" is not of the form AAA.BB.CC.Hnn`,
    );
  }

  /** A required agency code: present and well-formed. */
  organId(path: string, value: string | undefined) {
    if (this.required(path, value, "mã định danh cơ quan", "the agency code"))
      this.agencyCode(path, value);
  }

  date(path: string, value: string | undefined) {
    if (value === undefined || value === "" || isIsoDate(value)) return;
    this.add(
      path,
      "date yyyy/MM/dd",
      `Ngày "${value}" không hợp lệ (yyyy/MM/dd hoặc dd/MM/yyyy)`,
      `date "${value}" is not valid (yyyy/MM/dd or dd/MM/yyyy)`,
    );
  }

  timestamp(path: string, value: Date) {
    if (!Number.isNaN(value.getTime())) return;
    this.add(
      path,
      "timestamp yyyy/MM/dd HH:mm:ss",
      "Thời điểm không hợp lệ (yyyy/MM/dd HH:mm:ss)",
      "timestamp is not valid (yyyy/MM/dd HH:mm:ss)",
    );
  }

  oneOf(path: string, value: number | string | undefined, allowed: readonly (number | string)[]) {
    if (value === undefined || allowed.includes(value)) return;
    this.add(
      path,
      `oneOf ${allowed.join("|")}`,
      `Giá trị "${String(value)}" không thuộc ${allowed.join(", ")}`,
      `value "${String(value)}" is not one of ${allowed.join(", ")}`,
    );
  }

  count(path: string, value: number | undefined) {
    if (value === undefined || (Number.isSafeInteger(value) && value >= 0)) return;
    this.add(
      path,
      "nonNegativeInteger",
      "Phải là số nguyên không âm",
      "must be a whole number ≥ 0",
    );
  }
}

export function isAgencyCode(value: string): boolean {
  return AGENCY_CODE.test(value);
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year > 0;
}
