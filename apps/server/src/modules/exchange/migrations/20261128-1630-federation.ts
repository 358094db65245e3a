import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Federation between platform instances (a ministry's LGSP and the national platform NDXP, or two
 * ministries): this instance's own key and self-signed certificate (one row; the private key
 * sealed under the master key like the other signing keys), and the peers whose certificates are
 * pinned, with the agency codes whose services each peer serves.
 */
export const createFederation: Migration = {
  name: "20261128-1630-federation",
  async up(db) {
    await sql`create table xch_instance_identity (
      id smallint primary key default 1 check (id = 1),
      certificate text not null,
      fingerprint text not null,
      sealed_key text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create table xch_peers (
      id uuid primary key,
      name text not null unique check (name ~ '^[a-z0-9][a-z0-9.-]{0,62}$'),
      url text not null,
      certificate text not null,
      fingerprint text not null unique,
      org_codes text[] not null,
      status text not null default 'active' check (status in ('active', 'suspended')),
      created_at timestamptz not null default now(),
      created_by text not null
    )`.execute(db);
  },
};
