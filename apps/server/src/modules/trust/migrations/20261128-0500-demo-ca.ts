import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * The platform's demo CA: its credentials (certificate, chain, private key sealed with the master
 * key), every certificate it issued with its revocation, and the timestamp serial counter.
 */
export const createDemoCa: Migration = {
  name: "20261128-0500-demo-ca",
  async up(db) {
    await sql`create table tru_credentials (
      name text primary key,
      certificate text not null,
      chain text not null,
      sealed_key text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create table tru_certificates (
      authority text not null,
      serial text not null,
      certificate text not null,
      revoked_at timestamptz,
      revocation_reason text,
      primary key (authority, serial)
    )`.execute(db);
    await sql`create sequence tru_timestamp_serial`.execute(db);
  },
};
