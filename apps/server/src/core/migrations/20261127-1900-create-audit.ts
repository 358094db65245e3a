import { sql } from "kysely";
import type { Migration } from "../db/migrate.ts";

export const createAudit: Migration = {
  name: "20261127-1900-create-audit",
  async up(db) {
    await sql`create table core_audit (
      seq bigint primary key,
      id uuid not null unique,
      at timestamptz not null,
      action text not null,
      outcome text not null check (outcome in ('success', 'failure')),
      actor_id uuid,
      actor_name text not null,
      organization_id uuid,
      target_type text,
      target_id text,
      ip text,
      request_id text,
      details jsonb not null default '{}',
      prev_hash text not null,
      hash text not null
    )`.execute(db);
    await sql`create index core_audit_at on core_audit (at)`.execute(db);
    await sql`create index core_audit_action on core_audit (action, seq)`.execute(db);
    await sql`create index core_audit_actor on core_audit (actor_id, seq)`.execute(db);
    await sql`create index core_audit_org on core_audit (organization_id, seq)`.execute(db);
    // Append-only: the database itself refuses edits and deletions; `audit verify` catches the rest.
    await sql`create function core_audit_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'core_audit is append-only';
      end
    $$`.execute(db);
    await sql`create trigger core_audit_append_only before update or delete on core_audit
      for each row execute function core_audit_refuse_change()`.execute(db);
  },
};
