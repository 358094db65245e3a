/**
 * Files attached to a report beside its narrative (tài liệu đính kèm): whoever fills the report
 * adds and removes them while it is a draft or returned, its readers list and download them. The
 * bytes go to the content-addressed blob store; the report's submission signs their digests.
 */
import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { isAppError, AppError } from "../../core/errors.ts";
import type { BlobStore } from "../../core/blobs.ts";
import type { Db } from "../../core/db/index.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import {
  MAX_ATTACHMENT_BYTES,
  attachmentName,
  attachmentType,
  checkedContent,
} from "./attachment-files.ts";
import {
  insertAttachment,
  markAttachmentRemoved,
  selectAttachment,
  selectAttachments,
  type AttachmentRow,
} from "./attachments-repo.ts";
import type { Attachment, AttachmentList } from "./attachments-schema.ts";
import { isEditable, mayFill, readableReport, requireFiller } from "./report-access.ts";
import { selectRegime } from "./repo.ts";
import { lockReport, selectReport, type ReportRow } from "./reports-repo.ts";
import { inTransaction } from "./shared.ts";

/** Files per report: enough for the decisions and tables a report cites, not an archive. */
export const MAX_ATTACHMENTS = 20;

const tooLarge = () =>
  new AppError("payload_too_large", {
    detail: {
      vi: `Mỗi tệp đính kèm tối đa ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`,
      en: `Each attachment may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`,
    },
    extra: { limit: MAX_ATTACHMENT_BYTES },
  });

const tooMany = () =>
  new AppError("unprocessable", {
    detail: {
      vi: `Mỗi báo cáo đính kèm tối đa ${MAX_ATTACHMENTS} tệp; hãy gỡ bớt hoặc gộp thành một tệp ZIP.`,
      en: `A report takes at most ${MAX_ATTACHMENTS} files; remove some or put them in one ZIP.`,
    },
  });

/** A report's files in upload order, and whether the caller may add or remove them now. */
export async function listAttachments(options: {
  db: Db;
  actor: Actor | null | undefined;
  reportId: string;
}): Promise<AttachmentList> {
  const actor = requireActor(options.actor);
  const report = await readableReport(options.db, actor, options.reportId);
  const editable = isEditable(report) && (await mayFill(options.db, actor, report.organization_id));
  const rows = await selectAttachments(options.db, report.id);
  return { items: rows.map(attachmentView), editable };
}

/** One file of a report, for its readers to download. */
export async function attachmentFile(options: {
  db: Db;
  actor: Actor | null | undefined;
  reportId: string;
  attachmentId: string;
}): Promise<Attachment> {
  const actor = requireActor(options.actor);
  const report = await readableReport(options.db, actor, options.reportId);
  const row = await selectAttachment(options.db, report.id, options.attachmentId);
  if (!row) throw new AppError("not_found");
  return attachmentView(row);
}

/**
 * Attaches a file to a report. Refused before a byte is read when the caller does not fill the
 * report (403), it is submitted or accepted (409), the type is not taken (415), the declared
 * length is over the limit (413) or the report has its 20 files (422); while reading, when the
 * content is not of its type (422) or grows over the limit (413). The row is written, and
 * audited as `reports.attachment_added`, under the report's lock with the checks made again.
 */
export async function addAttachment(options: {
  db: Db;
  blobs: BlobStore;
  actor: Actor | null | undefined;
  reportId: string;
  name: string;
  contentType: string;
  declaredSize?: number | undefined;
  source: AsyncIterable<Uint8Array>;
  requestMeta?: RequestMeta;
}): Promise<Attachment> {
  const actor = requireActor(options.actor);
  const { db } = options;
  await requireFiller(db, actor, await selectReport(db, options.reportId));
  const mediaType = attachmentType(options.contentType);
  const name = attachmentName(options.name, mediaType);
  if ((options.declaredSize ?? 0) > MAX_ATTACHMENT_BYTES) throw tooLarge();
  if ((await selectAttachments(db, options.reportId)).length >= MAX_ATTACHMENTS) throw tooMany();
  const blob = await options.blobs
    .put(checkedContent(options.source, mediaType), { maxBytes: MAX_ATTACHMENT_BYTES })
    .catch((error: unknown) => {
      throw isAppError(error) && error.code === "payload_too_large" ? tooLarge() : error;
    });
  return inTransaction(db, async (trx) => {
    const report = await requireFiller(trx, actor, await lockReport(trx, options.reportId));
    const attached = await selectAttachments(trx, report.id);
    if (attached.length >= MAX_ATTACHMENTS) throw tooMany();
    const same = attached.find((a) => a.sha256 === blob.sha256);
    if (same)
      throw new AppError("conflict", {
        detail: {
          vi: `Tệp này đã được đính kèm (${same.file_name}).`,
          en: `This file is attached already (${same.file_name}).`,
        },
      });
    const row: AttachmentRow = {
      id: newId(),
      report_id: report.id,
      file_name: name,
      media_type: mediaType,
      size: blob.size,
      sha256: blob.sha256,
      uploaded_by: actorLabel(actor),
      uploaded_at: new Date(),
      removed_by: null,
      removed_at: null,
    };
    await insertAttachment(trx, row);
    await auditAttachment(trx, actor, report, "reports.attachment_added", row, options.requestMeta);
    return attachmentView(row);
  });
}

/**
 * Removes a file from a report that takes changes (403, 409 otherwise), audited as
 * `reports.attachment_removed`. The row stays marked removed and the blob stays in the store, so
 * an earlier submission's signed list of files still names content that can be found.
 */
export async function removeAttachment(options: {
  db: Db;
  actor: Actor | null | undefined;
  reportId: string;
  attachmentId: string;
  requestMeta?: RequestMeta;
}): Promise<void> {
  const actor = requireActor(options.actor);
  await inTransaction(options.db, async (trx) => {
    const report = await requireFiller(trx, actor, await lockReport(trx, options.reportId));
    const row = await selectAttachment(trx, report.id, options.attachmentId);
    if (!row) throw new AppError("not_found");
    await markAttachmentRemoved(trx, row.id, {
      removed_by: actorLabel(actor),
      removed_at: new Date(),
    });
    await auditAttachment(
      trx,
      actor,
      report,
      "reports.attachment_removed",
      row,
      options.requestMeta,
    );
  });
}

/**
 * The report's files as its submission signs them: `[file name, sha256, size]`, in upload order
 * (then id), the removed ones left out.
 */
export async function attachmentDigests(
  db: Db,
  reportId: string,
): Promise<[string, string, number][]> {
  return (await selectAttachments(db, reportId)).map((row) => [
    row.file_name,
    row.sha256,
    Number(row.size),
  ]);
}

async function auditAttachment(
  db: Db,
  actor: Actor,
  report: ReportRow,
  action: "reports.attachment_added" | "reports.attachment_removed",
  row: AttachmentRow,
  requestMeta: RequestMeta | undefined,
) {
  const regime = (await selectRegime(db, report.regime_id))!;
  await recordAudit(db, {
    action,
    actor,
    organizationId: report.organization_id,
    targetType: "report",
    targetId: report.id,
    details: {
      regime: regime.code,
      period: report.period_id,
      attachmentId: row.id,
      name: row.file_name,
      mediaType: row.media_type,
      size: Number(row.size),
      sha256: row.sha256,
    },
    ...requestMeta,
  });
}

function attachmentView(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    name: row.file_name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}
