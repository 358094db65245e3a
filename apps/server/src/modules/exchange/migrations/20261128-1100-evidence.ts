import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Evidence log of the LGSP: exchanges in a hash chain and signed, timestamped checkpoints.
 *
 * `record_digest` is SHA-256 of the canonical JSON of the record's fields and `hash` is
 * SHA-256(prev_hash ‖ record_digest), so one exchange can be proven with the digests after it,
 * without revealing any other exchange. Bodies live apart, sealed, and only where the service's
 * policy asks for them; their SHA-256 is in the record.
 */
export const createEvidenceLog: Migration = {
  name: "20261128-1100-evidence",
  async up(db) {
    await sql`create table xch_exchanges (
      seq bigint primary key,
      id uuid not null unique,
      correlation_id text not null,
      request_id text not null,
      started_at timestamptz not null,
      consumer_client_id text,
      consumer_system_id uuid,
      consumer_organization_id uuid,
      service_id text,
      provider_system_id uuid,
      provider_organization_id uuid,
      service_code text,
      version text,
      method text not null,
      path text not null,
      end_user text,
      outcome text not null
        check (outcome in ('completed', 'refused', 'upstream_error', 'timeout', 'circuit_open')),
      status integer not null,
      error_code text,
      latency_ms double precision not null,
      upstream_ms double precision,
      request_bytes bigint not null,
      response_bytes bigint not null,
      request_sha256 text not null,
      response_sha256 text not null,
      record_digest text not null,
      prev_hash text not null,
      hash text not null
    )`.execute(db);
    await sql`create index xch_exchanges_started on xch_exchanges (started_at)`.execute(db);
    await sql`create index xch_exchanges_consumer on xch_exchanges (consumer_system_id, seq)`.execute(
      db,
    );
    await sql`create index xch_exchanges_provider on xch_exchanges (provider_system_id, seq)`.execute(
      db,
    );
    await sql`create index xch_exchanges_service on xch_exchanges (service_id, seq)`.execute(db);
    await sql`create index xch_exchanges_outcome on xch_exchanges (outcome, status, seq)`.execute(
      db,
    );
    // Organization scope: who may read an exchange is decided by these two columns.
    await sql`create index xch_exchanges_consumer_org on xch_exchanges (consumer_organization_id, seq)`.execute(
      db,
    );
    await sql`create index xch_exchanges_provider_org on xch_exchanges (provider_organization_id, seq)`.execute(
      db,
    );

    await sql`create table xch_exchange_bodies (
      exchange_id uuid not null references xch_exchanges (id),
      kind text not null check (kind in ('request', 'response')),
      sealed bytea not null,
      primary key (exchange_id, kind)
    )`.execute(db);

    await sql`create table xch_evidence_checkpoints (
      up_to_seq bigint primary key,
      head_hash text not null,
      at timestamptz not null,
      instance text not null,
      signature bytea not null,
      timestamp_token bytea not null,
      signer_certificate bytea not null
    )`.execute(db);

    // Append-only: the database refuses edits and deletions; `exchange verify-log` catches the rest.
    await sql`create function xch_evidence_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name;
      end
    $$`.execute(db);
    for (const table of ["xch_exchanges", "xch_exchange_bodies", "xch_evidence_checkpoints"]) {
      await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function xch_evidence_refuse_change()`.execute(db);
    }
  },
};
