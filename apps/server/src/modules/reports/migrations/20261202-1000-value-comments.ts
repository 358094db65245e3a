import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Comments on a report's cells (ý kiến về số liệu), as DHIS2 keeps a comment beside a value:
 * the reporting unit explains a figure, the receiving unit asks about one. Kept as a thread, never
 * edited or deleted, so the exchange stays part of the report's history.
 */
export const createValueComments: Migration = {
  name: "20261202-1000-value-comments",
  async up(db) {
    await sql`create table rpt_value_comments (
      id uuid primary key,
      report_id uuid not null references rpt_reports (id),
      indicator text not null,
      combination text not null default '',
      body text not null check (length(body) between 1 and 2000),
      author text not null,
      side text not null check (side in ('unit', 'reviewer')),
      source text not null check (source in ('form', 'import')),
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index rpt_value_comments_report on rpt_value_comments (report_id, id)`.execute(
      db,
    );
  },
};
