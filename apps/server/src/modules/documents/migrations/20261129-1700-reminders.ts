import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Reminders (nhắc việc, đôn đốc) about documents whose deadline (hạn xử lý) is near or passed:
 * what each person was told in the app, once per document, kind and Vietnam day at most.
 */
export const createReminders: Migration = {
  name: "20261129-1700-reminders",
  async up(db) {
    await sql`create table doc_reminders (
      id uuid primary key,
      user_id uuid not null,
      document_id uuid not null references doc_documents (id),
      kind text not null check (kind in ('due_soon', 'overdue', 'escalated')),
      day date not null,
      created_at timestamptz not null default now(),
      read_at timestamptz
    )`.execute(db);
    // The job runs every few minutes on several processes; this keeps one reminder a day.
    await sql`create unique index doc_reminders_once_a_day
      on doc_reminders (user_id, document_id, kind, day)`.execute(db);
    await sql`create index doc_reminders_user on doc_reminders (user_id, created_at desc)`.execute(
      db,
    );
    // Lists of open documents by deadline, and the reminder job's scan.
    await sql`create index doc_documents_open_due on doc_documents (due_date)
      where direction = 'incoming' and status in ('arrived', 'accepted', 'assigned', 'in_progress')`.execute(
      db,
    );
  },
};
