import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * The second factor: TOTP credentials (the secret sealed with the master key, never in clear), the
 * recovery codes as SHA-256 hashes, the organizations' policies, and a failure counter of its own
 * so that a correct password, which clears `failed_attempts`, does not also clear the count of
 * wrong codes.
 */
export const secondFactor: Migration = {
  name: "20261128-0100-second-factor",
  async up(db) {
    await sql`create table idn_totp_credentials (
      id uuid primary key,
      user_id uuid not null references idn_users (id),
      secret_sealed text not null,
      confirmed_at timestamptz,
      last_used_step integer,
      created_at timestamptz not null default now()
    )`.execute(db);
    // One confirmed credential and at most one pending enrolment per account.
    await sql`create unique index idn_totp_credentials_confirmed on idn_totp_credentials (user_id)
      where confirmed_at is not null`.execute(db);
    await sql`create unique index idn_totp_credentials_pending on idn_totp_credentials (user_id)
      where confirmed_at is null`.execute(db);
    await sql`create table idn_recovery_codes (
      id uuid primary key,
      user_id uuid not null references idn_users (id),
      code_hash text not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      unique (user_id, code_hash)
    )`.execute(db);
    await sql`create table idn_second_factor_policies (
      organization_id uuid primary key,
      required boolean not null,
      set_by_id uuid,
      set_by_name text not null,
      set_at timestamptz not null default now()
    )`.execute(db);
    await sql`alter table idn_users
      add column second_factor_failed_attempts integer not null default 0`.execute(db);
  },
};
