import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, type FieldError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { getOrganization } from "../directory/index.ts";
import {
  FORM_FORMAT,
  FORM_META_SHEET,
  META_KEYS,
  META_MAP_ROW,
  type FormCell,
} from "./excel-form.ts";
import type { ReportView } from "./report-schema.ts";
import { selectRegime } from "./repo.ts";
import { selectReport, selectValues } from "./reports-repo.ts";
import { inTransaction } from "./shared.ts";
import { requireFiller } from "./report-access.ts";
import { getReport } from "./report-view.ts";
import { checkValues, storeReport, type ValueInput } from "./submissions.ts";
import type { CompiledTemplate } from "./template.ts";
import { compiledTemplate } from "./templates.ts";
import { checkArchive } from "./xlsx-archive.ts";
import { XLSX_TYPE } from "./xlsx-layout.ts";

/** A form of a province's largest template is a few hundred KiB; Excel's packaging adds little. */
export const MAX_FORM_BYTES = 10 * 1024 * 1024;

const fileProblem = (vi: string, en: string) =>
  new AppError("unprocessable", { detail: { vi, en } });

/**
 * Stores the values and narrative of a report's form filled in Excel (the file `reportFormXlsx`
 * made), through the web form's own path (`storeReport`: all or nothing, the report locked while
 * it writes). Refused whole, naming each sheet and cell: a file that is not the form of this
 * report (another report, unit, period or template version), a computed cell overwritten, a value
 * of the wrong type or out of range. Only cells that differ from what is stored are written; an
 * emptied cell clears its value. Audited as `reports.form_uploaded` with the file's SHA-256.
 */
export async function uploadReportForm(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  file: Buffer;
  contentType: string;
  requestMeta?: RequestMeta;
}): Promise<ReportView> {
  const actor = requireActor(options.actor);
  const { db, id, file } = options;
  const report = await requireFiller(db, actor, await selectReport(db, id));
  if (options.contentType !== XLSX_TYPE)
    throw new AppError("unsupported_media_type", {
      detail: {
        vi: "Hãy tải lên tệp Excel .xlsx (biểu mẫu đã tải về từ báo cáo này).",
        en: "Upload an .xlsx Excel file (the form downloaded from this report).",
      },
    });
  const workbook = await loadWorkbook(file);
  const template = await compiledTemplate(db, report.regime_id, report.template_version);
  const regime = (await selectRegime(db, report.regime_id))!;
  const organization = await getOrganization({ db, id: report.organization_id });
  const identityErrors = checkIdentity(workbook, {
    format: FORM_FORMAT,
    reportId: report.id,
    regime: regime.code,
    organization: organization?.code ?? "",
    period: report.period_id,
    templateVersion: String(report.template_version),
  });
  if (identityErrors.length > 0)
    throw new AppError("unprocessable", {
      detail: {
        vi: "Tệp không phải biểu mẫu của báo cáo này; chưa lưu giá trị nào.",
        en: "The file is not this report's form; nothing was saved.",
      },
      errors: identityErrors,
    });
  const read = readCells(workbook, template);
  const stored = await selectValues(db, id);
  const changes = changedValues(template, read, stored);
  const narrative = Object.fromEntries(
    Object.entries(read.narrative).filter(
      ([code, text]) => (report.narrative[code] ?? "") !== text,
    ),
  );
  const errors = [...read.errors, ...changes.errors];
  if (errors.length > 0)
    throw new AppError("validation_failed", {
      detail: {
        vi: `Có ${errors.length} ô không hợp lệ; chưa lưu giá trị nào.`,
        en: `${errors.length} cells are not valid; nothing was saved.`,
      },
      errors,
    });
  await inTransaction(db, async (trx) => {
    await storeReport({ db: trx, actor, id, values: changes.values, narrative });
    await recordAudit(trx, {
      action: "reports.form_uploaded",
      actor,
      organizationId: report.organization_id,
      targetType: "report",
      targetId: id,
      details: {
        regime: regime.code,
        period: report.period_id,
        values: changes.values.filter((v) => v.value !== null).length,
        cleared: changes.values.filter((v) => v.value === null).length,
        sections: Object.keys(narrative),
        fileSha256: createHash("sha256").update(file).digest("hex"),
      },
      ...options.requestMeta,
    });
  });
  return getReport({ db, actor, id });
}

async function loadWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  const refusal = checkArchive(file);
  if (refusal === "not_zip")
    throw fileProblem(
      "Tệp không phải tệp Excel .xlsx hoặc đã bị hỏng. Hãy mở biểu mẫu bằng Excel, lưu dạng Excel Workbook (.xlsx) rồi tải lên lại.",
      "The file is not an .xlsx Excel file, or it is damaged. Open the form in Excel, save it as an Excel Workbook (.xlsx) and upload it again.",
    );
  if (refusal === "too_large")
    throw new AppError("payload_too_large", {
      detail: {
        vi: "Tệp Excel quá lớn khi giải nén; biểu mẫu của một báo cáo không lớn như vậy.",
        en: "The Excel file is too large once unpacked; a report's form is never that large.",
      },
    });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw fileProblem(
      "Không đọc được tệp Excel (tệp hỏng hoặc không phải .xlsx). Hãy lưu lại dạng Excel Workbook (.xlsx) rồi thử lại.",
      "The Excel file cannot be read (damaged, or not .xlsx). Save it as an Excel Workbook (.xlsx) and try again.",
    );
  }
  return workbook;
}

type Identity = Record<(typeof META_KEYS)[number], string>;

/** The hidden sheet's identity rows against the report the file is uploaded to. */
function checkIdentity(workbook: ExcelJS.Workbook, expected: Identity): FieldError[] {
  const meta = workbook.getWorksheet(FORM_META_SHEET);
  const read = (key: (typeof META_KEYS)[number]) =>
    textOf(meta?.getCell(META_KEYS.indexOf(key) + 1, 2).value);
  if (!meta || read("format") !== FORM_FORMAT)
    throw fileProblem(
      "Tệp Excel không phải biểu mẫu báo cáo tải về từ nền tảng (thiếu trang thông tin biểu mẫu). Hãy tải biểu mẫu của báo cáo này, điền số liệu rồi tải lên.",
      "The Excel file is not a report form downloaded from the platform (its form information sheet is missing). Download this report's form, fill it in and upload it.",
    );
  const what: Record<(typeof META_KEYS)[number], (found: string) => string> = {
    format: () => "",
    reportId: () => "Tệp là biểu mẫu của một báo cáo khác",
    regime: (found) => `Tệp là biểu mẫu của chế độ báo cáo ${found}, không phải ${expected.regime}`,
    organization: (found) =>
      `Tệp là biểu mẫu của đơn vị ${found}, không phải của đơn vị ${expected.organization}`,
    period: (found) => `Tệp là biểu mẫu của kỳ ${found}, không phải kỳ ${expected.period}`,
    templateVersion: (found) =>
      `Tệp theo mẫu báo cáo phiên bản ${found}; báo cáo này dùng phiên bản ${expected.templateVersion}`,
  };
  const errors: FieldError[] = [];
  for (const [i, key] of META_KEYS.entries()) {
    const found = read(key);
    if (found === expected[key]) continue;
    const path = `${FORM_META_SHEET}!B${i + 1}`;
    errors.push({ path, message: `${path}: ${what[key](found)}` });
  }
  // Another report of the same regime, unit and period cannot exist; say only what differs.
  return errors.length > 1 ? errors.filter((e) => !e.path.endsWith("!B2")) : errors;
}

type ReadCell = { where: string; input: ValueInput };
type Read = { values: ReadCell[]; narrative: Record<string, string>; errors: FieldError[] };

/** The mapped cells of the workbook: entered values, narrative, computed cells left as written. */
function readCells(workbook: ExcelJS.Workbook, template: CompiledTemplate): Read {
  const result: Read = { values: [], narrative: {}, errors: [] };
  const missingSheets = new Set<string>();
  for (const mapped of cellMap(workbook)) {
    const sheet = workbook.getWorksheet(mapped.sheet);
    if (!sheet) {
      if (!missingSheets.has(mapped.sheet))
        result.errors.push({
          path: mapped.sheet,
          message: `${mapped.sheet}: Không có trang tính này trong tệp; đừng đổi tên hay xóa trang tính của biểu mẫu`,
        });
      missingSheets.add(mapped.sheet);
      continue;
    }
    const where = `${mapped.sheet}!${mapped.cell}`;
    const value = cellInput(sheet.getCell(mapped.cell));
    const indicator = template.indicators.get(mapped.code);
    if (mapped.kind === "narrative")
      result.narrative[mapped.code] = value === null ? "" : String(value).trim();
    else if (mapped.kind === "computed") {
      if (!keptComputed(sheet.getCell(mapped.cell), mapped))
        result.errors.push({
          path: where,
          message: `${where}: Ô ${indicator?.name ?? mapped.code} được tính tự động, không được sửa (trong tệp tải về là ${mapped.formula !== undefined ? "công thức tự tính" : (mapped.shown ?? "trống")})`,
        });
    } else
      result.values.push({
        where,
        input: {
          indicator: mapped.code,
          combination: mapped.combination,
          value: indicator?.type === "boolean" ? yesNo(value) : value,
        },
      });
  }
  return result;
}

/**
 * The values that change what is stored, checked with the web form's `checkValues`; every refusal
 * names its sheet and cell. Empty cells clear only what is stored.
 */
function changedValues(
  template: CompiledTemplate,
  read: Read,
  stored: { indicator: string; combination: string; value: number | string }[],
): { values: ValueInput[]; errors: FieldError[] } {
  const now = new Map(stored.map((v) => [`${v.indicator}\n${v.combination}`, v.value]));
  const sent = read.values.filter(
    (c) => c.input.value !== null || now.has(`${c.input.indicator}\n${c.input.combination}`),
  );
  const checked = checkValues(
    template,
    sent.map((c) => c.input),
  );
  const errors = checked.errors.map((e) => {
    const cell = sent[Number(e.path.split("/").at(-1))]!;
    return {
      path: cell.where,
      message: `${cell.where}: ${e.message} (${label(template, cell.input)})`,
    };
  });
  if (errors.length > 0) return { values: [], errors };
  const values = checked.values.filter(
    (v) => now.get(`${v.indicator}\n${v.combination}`) !== (v.value ?? undefined),
  );
  return { values, errors: [] };
}

/** `Công chức — Nữ, Dưới 30`: what a person reads on the form for this cell. */
function label(template: CompiledTemplate, input: ValueInput): string {
  const indicator = template.indicators.get(input.indicator);
  if (!indicator) return input.indicator;
  const options = (input.combination ?? "")
    .split(".")
    .filter(Boolean)
    .map((code, i) => {
      const category = template.categories.get(indicator.categories?.[i] ?? "");
      return category?.options.find((o) => o.code === code)?.name ?? code;
    });
  return options.length > 0 ? `${indicator.name} — ${options.join(", ")}` : indicator.name;
}

/** The map rows of the hidden sheet (below its header row), until the first empty one. */
function cellMap(workbook: ExcelJS.Workbook): FormCell[] {
  const meta = workbook.getWorksheet(FORM_META_SHEET)!;
  const cells: FormCell[] = [];
  for (let r = META_MAP_ROW + 1; r <= meta.rowCount; r++) {
    const row = meta.getRow(r);
    const sheet = textOf(row.getCell(1).value);
    if (!sheet) break;
    const kind = textOf(row.getCell(3).value);
    if (kind !== "value" && kind !== "computed" && kind !== "narrative") continue;
    const shown = row.getCell(6).value;
    const formula = textOf(row.getCell(7).value);
    cells.push({
      sheet,
      cell: textOf(row.getCell(2).value),
      kind,
      code: textOf(row.getCell(4).value),
      combination: textOf(row.getCell(5).value),
      shown: typeof shown === "number" ? shown : null,
      ...(formula ? { formula } : {}),
    });
  }
  return cells;
}

/**
 * What a person typed in a cell: a number, a text, a boolean, or null for an empty cell; a
 * formula gives its result, rich text its letters, an error value its code (`#DIV/0!`).
 */
function cellInput(cell: ExcelJS.Cell): unknown {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("result" in value) {
    const result = value.result;
    if (result === undefined || result === null) return null;
    return typeof result === "object" && !(result instanceof Date) ? result.error : result;
  }
  if ("richText" in value) return value.richText.map((r) => r.text).join("") || null;
  if ("text" in value) return String(value.text) || null;
  if ("error" in value) return value.error;
  return cell.text || null;
}

function textOf(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && "richText" in value)
    return value.richText.map((r) => r.text).join("");
  return String(value);
}

/** The form offers "Có" and "Không" for yes-or-no indicators. */
function yesNo(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const folded = value.trim().toLowerCase();
  if (folded === "có" || folded === "co") return true;
  if (folded === "không" || folded === "khong") return false;
  return value;
}

/**
 * A computed cell is left alone when it still holds a formula (its result is the spreadsheet's to
 * update, and the platform computes the value itself): Excel and LibreOffice write formulas back
 * in their own spelling, so the text is not compared. A value typed over the formula is refused,
 * as is, in a form made before formulas, a value other than the one shown at download.
 */
function keptComputed(cell: ExcelJS.Cell, mapped: FormCell): boolean {
  if (mapped.formula !== undefined) return cell.type === ExcelJS.ValueType.Formula;
  return sameNumber(cellInput(cell), mapped.shown);
}

function sameNumber(value: unknown, shown: number | null): boolean {
  if (value === null || shown === null) return value === shown;
  return typeof value === "number" && Math.abs(value - shown) < 1e-9;
}
