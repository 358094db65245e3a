import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Files attached to a report beside its narrative (tài liệu đính kèm: a decision, a table, a
 * scan). The bytes live in the content-addressed blob store and a row names them by SHA-256. A
 * removed file keeps its row (`removed_at`), so what an earlier submission signed stays known.
 */
export const createReportAttachments: Migration = {
  name: "20261203-1000-attachments",
  async up(db) {
    await sql`create table rpt_report_attachments (
      id uuid primary key,
      report_id uuid not null references rpt_reports (id),
      file_name text not null check (length(file_name) between 1 and 255),
      media_type text not null,
      size bigint not null check (size > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      uploaded_by text not null,
      uploaded_at timestamptz not null default now(),
      removed_by text,
      removed_at timestamptz
    )`.execute(db);
    await sql`create index rpt_report_attachments_report
      on rpt_report_attachments (report_id, uploaded_at, id)`.execute(db);
    await sql`create unique index rpt_report_attachments_content
      on rpt_report_attachments (report_id, sha256) where removed_at is null`.execute(db);
  },
};
