import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * One-time links with which a person sets their first password (or a new one an administrator
 * asked for). Only the SHA-256 of the token is kept; at most one link per account is live.
 */
export const createPasswordLinks: Migration = {
  name: "20261128-0200-onboarding",
  async up(db) {
    await sql`create table idn_password_links (
      id uuid primary key,
      user_id uuid not null references idn_users (id),
      token_hash text not null unique,
      issued_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      superseded_at timestamptz
    )`.execute(db);
    await sql`create unique index idn_password_links_live on idn_password_links (user_id)
      where used_at is null and superseded_at is null`.execute(db);
  },
};
