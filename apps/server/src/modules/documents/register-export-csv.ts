import type { RegisterExport } from "./register-export.ts";

/**
 * A text that Excel would run as a formula (`=`, `+`, `@`, or a leading tab or carriage return)
 * gets a leading apostrophe, which Excel shows as text: a subject typed by another agency must not
 * become a formula on the clerk's computer.
 */
function csvField(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

const record = (fields: (string | number | null)[]) => `${fields.map(csvField).join(",")}\r\n`;

/**
 * The register as RFC 4180 CSV in the form's columns, UTF-8 with a byte order mark so Excel reads
 * the Vietnamese letters; produced row by row as the entries are read.
 */
export async function* registerCsv(exported: RegisterExport): AsyncGenerator<string> {
  yield `\uFEFF${record(exported.columns.map((column) => column.header))}`;
  let rows: string[] = [];
  for await (const entry of exported.entries) {
    rows.push(record(exported.columns.map((column) => column.value(entry))));
    if (rows.length === 200) {
      yield rows.join("");
      rows = [];
    }
  }
  if (rows.length > 0) yield rows.join("");
}
