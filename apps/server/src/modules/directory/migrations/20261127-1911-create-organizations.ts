import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Organizations hold their current state; every version is also kept in
 * `dir_organization_versions` with a snapshot, because agency codes and names change when
 * agencies merge and old documents must still name the agency as it then was.
 */
export const createOrganizations: Migration = {
  name: "20261127-1911-create-organizations",
  async up(db) {
    await sql`create table dir_organizations (
      id uuid primary key,
      code text not null,
      name text not null,
      short_name text not null,
      kind text not null check (kind in ('ministry', 'ministry_unit', 'provincial_committee', 'provincial_department', 'commune_committee', 'other')),
      parent_id uuid references dir_organizations (id),
      admin_unit_code text,
      contacts jsonb not null default '{}',
      status text not null check (status in ('active', 'retired')),
      valid_from date not null,
      valid_to date,
      version integer not null,
      search_text text not null,
      sort_name text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (parent_id is null or parent_id <> id),
      check ((status = 'retired') = (valid_to is not null))
    )`.execute(db);
    // A code names one active agency; a retired agency's code may be given again (QĐ 20/2020 lets
    // codes be reassigned after mergers), so uniqueness holds among active rows only.
    await sql`create unique index dir_organizations_active_code on dir_organizations (code) where status = 'active'`.execute(
      db,
    );
    await sql`create index dir_organizations_code on dir_organizations (code)`.execute(db);
    await sql`create index dir_organizations_parent on dir_organizations (parent_id)`.execute(db);
    await sql`create index dir_organizations_sort on dir_organizations (sort_name, id)`.execute(db);

    await sql`create table dir_organization_versions (
      organization_id uuid not null references dir_organizations (id),
      version integer not null,
      change text not null check (change in ('created', 'updated', 'retired')),
      snapshot jsonb not null,
      changed_by_id uuid,
      changed_by text not null,
      reason text,
      valid_from timestamptz not null,
      valid_to timestamptz,
      primary key (organization_id, version)
    )`.execute(db);
  },
};
