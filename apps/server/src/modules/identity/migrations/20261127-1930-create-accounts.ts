import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

export const createAccounts: Migration = {
  name: "20261127-1930-create-accounts",
  async up(db) {
    await sql`create table idn_users (
      id uuid primary key,
      username text not null unique,
      display_name text not null,
      email text,
      organization_id uuid not null,
      roles jsonb not null default '[]',
      password_hash text not null,
      status text not null default 'active' check (status in ('active', 'disabled')),
      failed_attempts integer not null default 0,
      locked_until timestamptz,
      last_sign_in_at timestamptz,
      search_text text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index idn_users_org on idn_users (organization_id, username)`.execute(db);
    await sql`create table idn_sessions (
      token_hash text primary key,
      user_id uuid not null references idn_users (id),
      csrf_token text not null,
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
    await sql`create index idn_sessions_user on idn_sessions (user_id)`.execute(db);
    await sql`create table idn_api_tokens (
      id uuid primary key,
      user_id uuid not null references idn_users (id),
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
    await sql`create index idn_api_tokens_user on idn_api_tokens (user_id)`.execute(db);
  },
};
