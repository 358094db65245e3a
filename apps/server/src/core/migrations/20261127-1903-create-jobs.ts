import { sql } from "kysely";
import type { Migration } from "../db/migrate.ts";

/**
 * Durable jobs: one-off jobs and one row per recurring job, whose `run_at` is the next slot, so
 * schedules survive restarts and each slot runs once across every server process.
 */
export const createJobs: Migration = {
  name: "20261127-1903-create-jobs",
  async up(db) {
    await sql`create table core_jobs (
      id uuid primary key,
      name text not null,
      kind text not null check (kind in ('once', 'recurring')),
      key text,
      payload jsonb not null default '{}',
      every_seconds integer check (every_seconds > 0),
      run_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'running', 'succeeded', 'failed')),
      attempts integer not null default 0,
      max_attempts integer not null check (max_attempts > 0),
      locked_until timestamptz,
      locked_by text,
      lease uuid,
      last_error text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      check ((kind = 'recurring') = (every_seconds is not null))
    )`.execute(db);
    await sql`create unique index core_jobs_key on core_jobs (name, key) where key is not null`.execute(
      db,
    );
    await sql`create unique index core_jobs_recurring on core_jobs (name) where kind = 'recurring'`.execute(
      db,
    );
    await sql`create index core_jobs_due on core_jobs (run_at) where status in ('pending', 'running')`.execute(
      db,
    );
  },
};
