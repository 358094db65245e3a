import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/** Storage of the OpenID Connect provider: its models, its signing keys and the client registry. */
export const createOidcProvider: Migration = {
  name: "20261128-0000-oidc-provider",
  async up(db) {
    // One row per oidc-provider model instance (session, grant, code, token, interaction, ...).
    await sql`create table idn_oidc_payloads (
      model text not null,
      id text not null,
      payload jsonb not null,
      grant_id text,
      user_code text,
      uid text,
      account_id text,
      expires_at timestamptz,
      consumed_at timestamptz,
      primary key (model, id)
    )`.execute(db);
    await sql`create index idn_oidc_payloads_grant on idn_oidc_payloads (grant_id) where grant_id is not null`.execute(
      db,
    );
    await sql`create index idn_oidc_payloads_uid on idn_oidc_payloads (uid) where uid is not null`.execute(
      db,
    );
    await sql`create index idn_oidc_payloads_user_code on idn_oidc_payloads (user_code) where user_code is not null`.execute(
      db,
    );
    await sql`create index idn_oidc_payloads_account on idn_oidc_payloads (account_id, model) where account_id is not null`.execute(
      db,
    );
    await sql`create index idn_oidc_payloads_expiry on idn_oidc_payloads (expires_at)`.execute(db);
    await sql`create table idn_signing_keys (
      kid text primary key,
      alg text not null,
      public_jwk jsonb not null,
      private_jwk_sealed text not null,
      status text not null check (status in ('active', 'retired')),
      created_at timestamptz not null default now(),
      retired_at timestamptz,
      publish_until timestamptz
    )`.execute(db);
    await sql`create table idn_clients (
      id uuid primary key,
      client_id text not null unique,
      name text not null,
      kind text not null check (kind in ('platform', 'web', 'spa', 'machine')),
      organization_id uuid,
      information_system_id uuid,
      first_party boolean not null default false,
      redirect_uris jsonb not null default '[]',
      post_logout_redirect_uris jsonb not null default '[]',
      backchannel_logout_uri text,
      grant_types jsonb not null,
      token_endpoint_auth_method text not null,
      secret_hash text,
      jwks jsonb,
      scopes jsonb not null default '[]',
      resources jsonb not null default '[]',
      status text not null default 'active' check (status in ('active', 'disabled')),
      search_text text not null,
      created_by uuid,
      secret_rotated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index idn_clients_org on idn_clients (organization_id, name)`.execute(db);
    // A web session opened by an SSO sign-in remembers the provider's session id (`sid`), so a
    // back-channel logout from the provider ends it.
    await sql`alter table idn_sessions add column oidc_sid text`.execute(db);
    await sql`create index idn_sessions_oidc_sid on idn_sessions (oidc_sid) where oidc_sid is not null`.execute(
      db,
    );
    await sql`create index idn_clients_system on idn_clients (information_system_id) where information_system_id is not null`.execute(
      db,
    );
  },
};
