import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Reminders (nhắc nộp, đôn đốc) to reporting units' officers about a report of a period: before
 * the deadline, after it, or sent by hand by the receiving organization. One row per person told,
 * once per report, kind and Vietnam day at most.
 */
export const createReportReminders: Migration = {
  name: "20261201-1000-reminders",
  async up(db) {
    await sql`create table rpt_reminders (
      id uuid primary key,
      regime_id uuid not null references rpt_regimes (id),
      period_id text not null,
      organization_id uuid not null references dir_organizations (id),
      user_id uuid not null,
      kind text not null check (kind in ('due_soon', 'late', 'manual')),
      day date not null,
      sent_by text,
      message text,
      mail_queued boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db);
    // The scan runs every few minutes on several processes, and a reviewer may click twice:
    // this keeps one reminder of each kind a day.
    await sql`create unique index rpt_reminders_once_a_day
      on rpt_reminders (user_id, regime_id, period_id, organization_id, kind, day)`.execute(db);
    await sql`create index rpt_reminders_user on rpt_reminders (user_id, created_at desc)`.execute(
      db,
    );
    await sql`create index rpt_reminders_period
      on rpt_reminders (regime_id, period_id, created_at desc)`.execute(db);
  },
};
