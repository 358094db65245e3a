import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Health of the providers behind the LGSP: the latest probe of each service's base URL, with
 * the moment its status last changed, and a short history of probes (the job keeps the last
 * `HEALTH_HISTORY` per service). The service's identity is copied at each probe, so this table
 * is read without the catalogue's.
 */
export const createMonitoring: Migration = {
  name: "20261128-1600-monitoring",
  async up(db) {
    await sql`create table xch_provider_health (
      service_id uuid primary key,
      provider_organization_id uuid not null,
      provider_org_code text not null,
      provider_org_name text not null,
      provider_system_code text not null,
      service_code text not null,
      version text not null,
      service_name text not null,
      probe_url text not null,
      status text not null check (status in ('up', 'degraded', 'down')),
      since timestamptz not null,
      checked_at timestamptz not null,
      latency_ms double precision,
      http_status integer,
      error_code text
    )`.execute(db);
    await sql`create table xch_provider_health_checks (
      service_id uuid not null,
      checked_at timestamptz not null,
      status text not null check (status in ('up', 'degraded', 'down')),
      latency_ms double precision,
      http_status integer,
      error_code text,
      primary key (service_id, checked_at)
    )`.execute(db);
  },
};
