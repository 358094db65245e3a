import { AppError } from "../../core/errors.ts";
import { CsvSyntaxError, parseCsv } from "../../core/csv.ts";
import type { DataValueInput } from "./import-schema.ts";

/** DHIS2's data value CSV columns (lower case) and the JSON member each one fills. */
const COLUMNS: Record<string, string> = {
  dataelement: "dataElement",
  period: "period",
  orgunit: "orgUnit",
  catoptcombo: "categoryOptionCombo",
  attroptcombo: "attributeOptionCombo",
  value: "value",
  storedby: "storedBy",
  lastupdated: "lastUpdated",
  comment: "comment",
  followup: "followup",
};
const REQUIRED = ["dataelement", "period", "orgunit", "value"];

const malformed = (line: number, vi: string, en: string) =>
  new AppError("validation_failed", {
    detail: { vi: `Tệp CSV lỗi ở dòng ${line}: ${vi}.`, en: `CSV error on line ${line}: ${en}.` },
    errors: [{ path: `/line/${line}`, message: vi }],
    extra: { line },
  });

/**
 * The rows of a DHIS2 data value CSV: a header row naming the columns (any order, any case;
 * `dataelement`, `period`, `orgunit` and `value` required, unknown columns ignored), then one
 * value per record. A record with another number of fields than the header, or a file that is
 * not RFC 4180, is refused whole with its line number (lines count the line breaks inside
 * quoted fields).
 */
export function dataValuesFromCsv(text: string): DataValueInput[] {
  let records: string[][];
  try {
    records = parseCsv(text, ",");
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw malformed(
        error.line,
        error.message.includes("not closed")
          ? "dấu ngoặc kép mở một trường không được đóng"
          : "dấu ngoặc kép đặt sai chỗ",
        error.message,
      );
    throw error;
  }
  const [header, ...rows] = records;
  const names = (header ?? []).map((name) => name.trim().toLowerCase());
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length > 0)
    throw malformed(
      1,
      `thiếu cột ${missing.join(", ")} trong dòng tiêu đề`,
      `the header row lacks ${missing.join(", ")}`,
    );
  const values: DataValueInput[] = [];
  let line = 1 + lineBreaks(header!);
  for (const fields of rows) {
    line += 1;
    const start = line;
    line += lineBreaks(fields);
    if (fields.length === 1 && fields[0]!.trim() === "") continue;
    if (fields.length !== names.length)
      throw malformed(
        start,
        `có ${fields.length} trường, dòng tiêu đề có ${names.length}`,
        `${fields.length} fields where the header has ${names.length}`,
      );
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      const member = COLUMNS[name];
      if (member) row[member] = fields[i]!;
    });
    values.push(row as DataValueInput);
  }
  return values;
}

/** Line breaks inside a record's quoted fields: each moves the next record one line further. */
function lineBreaks(fields: string[]): number {
  return fields.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
}
