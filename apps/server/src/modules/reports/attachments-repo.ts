import type { Kysely, Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";

type AttachmentTable = {
  id: string;
  report_id: string;
  file_name: string;
  media_type: string;
  /** `bigint`: the pg driver answers a string, PGlite a number; read through `Number`. */
  size: number | string;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
  removed_by: string | null;
  removed_at: Date | null;
};

export type AttachmentRow = Selectable<AttachmentTable>;

const t = (db: Db) => db as unknown as Kysely<{ rpt_report_attachments: AttachmentTable }>;

/** A report's files not removed, in the order they were attached. */
export async function selectAttachments(db: Db, reportId: string): Promise<AttachmentRow[]> {
  return t(db)
    .selectFrom("rpt_report_attachments")
    .selectAll()
    .where("report_id", "=", reportId)
    .where("removed_at", "is", null)
    .orderBy("uploaded_at")
    .orderBy("id")
    .execute();
}

export async function selectAttachment(
  db: Db,
  reportId: string,
  id: string,
): Promise<AttachmentRow | undefined> {
  return t(db)
    .selectFrom("rpt_report_attachments")
    .selectAll()
    .where("report_id", "=", reportId)
    .where("id", "=", id)
    .where("removed_at", "is", null)
    .executeTakeFirst();
}

export async function insertAttachment(db: Db, row: AttachmentRow): Promise<void> {
  await t(db).insertInto("rpt_report_attachments").values(row).execute();
}

export async function markAttachmentRemoved(
  db: Db,
  id: string,
  removal: { removed_by: string; removed_at: Date },
): Promise<void> {
  await t(db).updateTable("rpt_report_attachments").set(removal).where("id", "=", id).execute();
}
