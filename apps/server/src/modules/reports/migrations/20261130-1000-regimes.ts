import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Reporting regimes (chế độ báo cáo, Decree 09/2019) and their versioned templates; each unit's
 * report of a period, its versions, and the data values every way of submitting feeds.
 */
export const createRegimes: Migration = {
  name: "20261130-1000-regimes",
  async up(db) {
    await sql`create table rpt_regimes (
      id uuid primary key,
      code text not null unique,
      name text not null,
      legal_basis text not null,
      kind text not null check (kind in ('periodic', 'thematic', 'ad_hoc')),
      frequency text not null
        check (frequency in ('monthly', 'quarterly', 'six_monthly', 'nine_monthly', 'annual')),
      window_rule text not null check (window_rule in ('decree09', 'calendar')),
      deadline_rule jsonb not null,
      reporting_rule jsonb not null,
      receiving_organization_id uuid not null references dir_organizations (id),
      effective_from date not null,
      effective_to date,
      status text not null default 'draft' check (status in ('draft', 'active', 'retired')),
      description text,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index rpt_regimes_receiving on rpt_regimes (receiving_organization_id)`.execute(
      db,
    );
    await sql`create table rpt_templates (
      id uuid primary key,
      regime_id uuid not null references rpt_regimes (id),
      version integer not null check (version > 0),
      definition jsonb not null,
      status text not null default 'draft' check (status in ('draft', 'published')),
      published_at timestamptz,
      created_by text not null,
      created_at timestamptz not null default now(),
      unique (regime_id, version)
    )`.execute(db);
  },
};
