import { createHash } from "node:crypto";
import { requireRole, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { newId } from "../../../core/ids.ts";
import { checkAccountRows, type CheckedAccountRow, type RowProblem } from "./account-rows.ts";
import { CSV_TYPE, readImportFile, XLSX_TYPE } from "./import-file.ts";
import { createPendingAccounts, type CreatedAccount } from "./pending-accounts.ts";

/** An uploaded list of accounts: the raw body and its declared content type. */
export type ImportFile = { body: Buffer; contentType: string };

export type ImportPreview = { rowCount: number; errorCount: number; rows: CheckedAccountRow[] };

async function readRows(file: ImportFile) {
  if (file.contentType !== CSV_TYPE && file.contentType !== XLSX_TYPE)
    throw new AppError("unsupported_media_type", {
      detail: {
        vi: `Chỉ nhận tệp CSV hoặc Excel .xlsx, gửi làm nội dung yêu cầu với content-type ${CSV_TYPE} hoặc ${XLSX_TYPE}.`,
        en: `Only CSV or Excel .xlsx files are accepted, sent as the request body with content-type ${CSV_TYPE} or ${XLSX_TYPE}.`,
      },
    });
  return readImportFile(file.body, file.contentType);
}

export type PreviewUserImportOptions = {
  db: Db;
  actor: Actor | null | undefined;
  file: ImportFile;
};

/** Every row with its parsed values and its problems; changes nothing. */
export async function previewUserImport({
  db,
  actor,
  file,
}: PreviewUserImportOptions): Promise<ImportPreview> {
  const known = requireRole(actor, "org_admin");
  const rows = await checkAccountRows({ db, actor: known, rows: await readRows(file) });
  return summarize(rows);
}

function summarize(rows: CheckedAccountRow[]): ImportPreview {
  return {
    rowCount: rows.length,
    errorCount: rows.reduce((n, row) => n + row.errors.length, 0),
    rows,
  };
}

export type ImportUsersOptions = PreviewUserImportOptions & { config: Config; meta?: RequestMeta };

/**
 * Creates every account of the file in one transaction, or none: the rows are checked again
 * inside the transaction, and a single problem anywhere refuses the whole file with all problems
 * listed (422). Each account gets its one-time set-password link.
 */
export async function importUsers({
  db,
  config,
  actor,
  file,
  meta = {},
}: ImportUsersOptions): Promise<{ importId: string; created: CreatedAccount[] }> {
  const known = requireRole(actor, "org_admin");
  const inputs = await readRows(file);
  if (inputs.length === 0)
    throw new AppError("unprocessable", {
      detail: {
        vi: "Tệp chỉ có dòng tiêu đề, không có tài khoản nào để tạo.",
        en: "The file has only the header row; there is no account to create.",
      },
    });
  const importId = newId();
  return db.transaction().execute(async (trx) => {
    const rows = await checkAccountRows({ db: trx, actor: known, rows: inputs });
    const problems = rows.flatMap((row) => row.errors);
    if (problems.length > 0) throw importRefused(problems, summarize(rows));
    const created = await createPendingAccounts({
      trx,
      config,
      actor: known,
      rows,
      origin: { via: "import", importId },
      meta,
    });
    await recordAudit(trx, {
      action: "identity.users_imported",
      actor: known,
      targetType: "user_import",
      targetId: importId,
      details: {
        accounts: created.length,
        format: file.contentType === XLSX_TYPE ? "xlsx" : "csv",
        sha256: createHash("sha256").update(file.body).digest("hex"),
      },
      ...meta,
    });
    return { importId, created };
  });
}

function importRefused(problems: RowProblem[], preview: ImportPreview): AppError {
  const rowsWithProblems = new Set(problems.map((p) => p.row)).size;
  return new AppError("unprocessable", {
    detail: {
      vi: `Tệp có ${problems.length} lỗi ở ${rowsWithProblems} dòng; chưa tạo tài khoản nào. Sửa các lỗi rồi nhập lại.`,
      en: `The file has ${problems.length} problems in ${rowsWithProblems} rows; no account was created. Fix them and import again.`,
    },
    errors: problems.map((p) => ({ path: `rows.${p.row}.${p.column}`, message: p.message.en })),
    extra: { rowErrors: problems, rowCount: preview.rowCount, errorCount: preview.errorCount },
  });
}
