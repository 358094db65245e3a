import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Each unit's report of a period (one row per regime × organization × period), the versions its
 * submissions and reviews leave, and the data values — one store, whichever way they came in.
 */
export const createReports: Migration = {
  name: "20261130-1100-reports",
  async up(db) {
    await sql`create table rpt_reports (
      id uuid primary key,
      regime_id uuid not null references rpt_regimes (id),
      organization_id uuid not null references dir_organizations (id),
      period_id text not null,
      template_version integer not null,
      status text not null default 'draft'
        check (status in ('draft', 'submitted', 'returned', 'accepted')),
      narrative jsonb not null default '{}',
      period_start date not null,
      period_end date not null,
      deadline date not null,
      version integer not null default 0,
      submitted_at timestamptz,
      submitted_by text,
      late boolean,
      reviewed_at timestamptz,
      reviewed_by text,
      review_note text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (regime_id, organization_id, period_id)
    )`.execute(db);
    await sql`create index rpt_reports_period on rpt_reports (regime_id, period_id, status)`.execute(
      db,
    );
    await sql`create table rpt_report_versions (
      id uuid primary key,
      report_id uuid not null references rpt_reports (id),
      version integer not null,
      action text not null check (action in ('submitted', 'returned', 'accepted')),
      actor text not null,
      at timestamptz not null default now(),
      note text,
      payload_sha256 text,
      signature text,
      unique (report_id, version, action)
    )`.execute(db);
    await sql`create table rpt_values (
      regime_id uuid not null references rpt_regimes (id),
      period_id text not null,
      organization_id uuid not null references dir_organizations (id),
      indicator text not null,
      combination text not null default '',
      report_id uuid not null references rpt_reports (id),
      value numeric,
      text_value text,
      updated_at timestamptz not null default now(),
      primary key (regime_id, period_id, organization_id, indicator, combination),
      check ((value is null) <> (text_value is null))
    )`.execute(db);
    await sql`create index rpt_values_report on rpt_values (report_id)`.execute(db);
  },
};
