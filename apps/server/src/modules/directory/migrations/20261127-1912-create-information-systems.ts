import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Information systems as registered for security classification (Decree 85/2016/NĐ-CP: levels 1–5,
 * each approved by a decision) and for the LGSP connection figures.
 */
export const createInformationSystems: Migration = {
  name: "20261127-1912-create-information-systems",
  async up(db) {
    await sql`create table dir_information_systems (
      id uuid primary key,
      organization_id uuid not null references dir_organizations (id),
      code text not null,
      name text not null,
      purpose text not null,
      owner text not null,
      security_level integer not null check (security_level between 1 and 5),
      security_decision jsonb,
      hosting text not null check (hosting in ('on_premises', 'government_datacenter', 'government_cloud', 'commercial_cloud', 'other')),
      status text not null check (status in ('planned', 'operating', 'retired')),
      contacts jsonb not null default '{}',
      search_text text not null,
      sort_name text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (organization_id, code)
    )`.execute(db);
    await sql`create index dir_information_systems_sort on dir_information_systems (sort_name, id)`.execute(
      db,
    );
  },
};
