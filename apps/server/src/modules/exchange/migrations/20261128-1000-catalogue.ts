import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Service catalogue and access rights of the LGSP (`xch_services`, `xch_access_*`). Provider and
 * consumer systems live in the directory; their ids are kept here without foreign keys (modules
 * do not reach into each other's tables), with the codes and names the gateway path and the
 * catalogue search need copied at registration.
 */
export const createCatalogue: Migration = {
  name: "20261128-1000-catalogue",
  async up(db) {
    await sql`create table xch_services (
      id uuid primary key,
      provider_system_id uuid not null,
      provider_organization_id uuid not null,
      provider_org_code text not null,
      provider_org_name text not null,
      provider_system_code text not null,
      code text not null,
      version text not null,
      name text not null,
      description text not null default '',
      kind text not null check (kind in ('rest', 'soap')),
      base_url text not null,
      openapi jsonb,
      openapi_source_url text,
      wsdl text,
      wsdl_source_url text,
      classification text not null
        check (classification in ('public', 'internal', 'restricted', 'confidential')),
      owner text not null,
      contact jsonb not null default '{}',
      documentation_url text,
      sla jsonb not null default '{}',
      body_logging text not null check (body_logging in ('none', 'request', 'response', 'both')),
      timeout_ms integer not null check (timeout_ms between 100 and 600000),
      max_request_bytes bigint not null check (max_request_bytes > 0),
      max_response_bytes bigint not null check (max_response_bytes > 0),
      status text not null check (status in ('active', 'deprecated', 'retired')),
      search_text text not null,
      sort_name text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (provider_system_id, code, version)
    )`.execute(db);
    await sql`create index xch_services_sort on xch_services (sort_name, id)`.execute(db);
    await sql`create index xch_services_path on xch_services
      (provider_org_code, provider_system_code, code, version)`.execute(db);

    await sql`create table xch_access_requests (
      id uuid primary key,
      consumer_system_id uuid not null,
      consumer_organization_id uuid not null,
      service_id uuid not null references xch_services (id),
      provider_organization_id uuid not null,
      endpoints jsonb,
      purpose text not null,
      legal_basis text not null,
      requested_expires_at timestamptz,
      requested_by_id uuid,
      requested_by text not null,
      status text not null check (status in ('pending', 'approved', 'refused', 'withdrawn')),
      decided_by_id uuid,
      decided_by text,
      decided_at timestamptz,
      reason text,
      right_id uuid,
      created_at timestamptz not null
    )`.execute(db);
    await sql`create unique index xch_access_requests_one_pending on xch_access_requests
      (consumer_system_id, service_id) where status = 'pending'`.execute(db);
    await sql`create index xch_access_requests_provider on xch_access_requests
      (provider_organization_id, status, id)`.execute(db);
    await sql`create index xch_access_requests_consumer on xch_access_requests
      (consumer_organization_id, status, id)`.execute(db);

    await sql`create table xch_access_rights (
      id uuid primary key,
      request_id uuid references xch_access_requests (id),
      consumer_system_id uuid not null,
      consumer_organization_id uuid not null,
      service_id uuid not null references xch_services (id),
      provider_organization_id uuid not null,
      endpoints jsonb,
      granted_by_id uuid,
      granted_by text not null,
      granted_at timestamptz not null,
      expires_at timestamptz,
      revoked_at timestamptz,
      revoked_by_id uuid,
      revoked_by text,
      revoke_reason text,
      rate_limit_per_minute integer check (rate_limit_per_minute > 0),
      daily_quota integer check (daily_quota > 0)
    )`.execute(db);
    await sql`create index xch_access_rights_lookup on xch_access_rights
      (consumer_system_id, service_id)`.execute(db);
    await sql`create index xch_access_rights_provider on xch_access_rights
      (provider_organization_id, id)`.execute(db);
    await sql`create index xch_access_rights_consumer on xch_access_rights
      (consumer_organization_id, id)`.execute(db);
  },
};
