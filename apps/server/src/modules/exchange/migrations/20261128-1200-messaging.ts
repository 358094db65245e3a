import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Asynchronous delivery through the LGSP: the message channels a provider service exposes, and
 * the messages consumers post to them, kept until delivered (or moved to the dead letters).
 * Payloads are encrypted at rest. The provider codes are copied onto the channel so delivery can
 * resolve the service's current address through the catalogue.
 */
export const createMessaging: Migration = {
  name: "20261128-1200-messaging",
  async up(db) {
    await sql`create table xch_channels (
      id uuid primary key,
      service_id uuid not null,
      provider_system_id uuid not null,
      provider_organization_id uuid not null,
      provider_org_code text not null,
      provider_system_code text not null,
      service_code text not null,
      service_version text not null,
      code text not null,
      name text not null,
      delivery text not null check (delivery in ('push', 'pull')),
      push_path text not null default '',
      max_attempts integer not null check (max_attempts between 1 and 100),
      retry_base_ms integer not null check (retry_base_ms between 10 and 3600000),
      max_message_bytes integer not null check (max_message_bytes between 1 and 104857600),
      status text not null check (status in ('active', 'retired')),
      created_at timestamptz not null,
      unique (service_id, code)
    )`.execute(db);
    await sql`create index xch_channels_path on xch_channels
      (provider_org_code, provider_system_code, service_code, service_version, code)`.execute(db);

    await sql`create table xch_messages (
      id uuid primary key,
      channel_id uuid not null references xch_channels (id),
      consumer_system_id uuid not null,
      consumer_organization_id uuid not null,
      consumer_client_id text not null,
      idempotency_key text not null,
      request_sha256 text not null,
      content_type text not null,
      payload bytea not null,
      payload_bytes integer not null,
      correlation_id text not null,
      status text not null check (status in ('queued', 'delivered', 'dead')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      lease uuid,
      locked_until timestamptz,
      last_error text,
      response_status integer,
      response_sha256 text,
      accepted_at timestamptz not null,
      delivered_at timestamptz,
      dead_at timestamptz,
      unique (consumer_system_id, channel_id, idempotency_key)
    )`.execute(db);
    await sql`create index xch_messages_due on xch_messages (next_attempt_at)
      where status = 'queued'`.execute(db);
    await sql`create index xch_messages_dead on xch_messages (channel_id, dead_at)
      where status = 'dead'`.execute(db);
    await sql`create index xch_messages_channel on xch_messages (channel_id, accepted_at)`.execute(
      db,
    );
  },
};
