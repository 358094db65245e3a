import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Passkeys and security keys (WebAuthn) as a second kind of second factor: each registered
 * credential with its public key and signature counter, and the challenges handed to a browser,
 * each bound to one sign-in interaction or one session, spent on first use and short-lived.
 */
export const createPasskeys: Migration = {
  name: "20261128-0300-passkeys",
  async up(db) {
    await sql`create table idn_passkeys (
      id uuid primary key,
      user_id uuid not null references idn_users (id),
      credential_id text not null unique,
      public_key text not null,
      sign_count bigint not null default 0,
      transports jsonb not null default '[]',
      name text not null,
      aaguid text,
      backed_up boolean not null default false,
      created_at timestamptz not null default now(),
      last_used_at timestamptz
    )`.execute(db);
    await sql`create index idn_passkeys_user on idn_passkeys (user_id)`.execute(db);
    await sql`create table idn_webauthn_challenges (
      challenge text primary key,
      user_id uuid not null references idn_users (id),
      purpose text not null check (purpose in ('registration', 'authentication')),
      bound_to text not null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index idn_webauthn_challenges_binding
      on idn_webauthn_challenges (user_id, bound_to, purpose)`.execute(db);
    await sql`create index idn_webauthn_challenges_expiry
      on idn_webauthn_challenges (expires_at)`.execute(db);
  },
};
