import { sql } from "kysely";
import type { Migration } from "../db/migrate.ts";

/**
 * The transactional outbox: events are written in the same transaction as the change they
 * describe, then fanned out into one delivery per subscriber, each retried on its own.
 */
export const createOutbox: Migration = {
  name: "20261127-1902-create-outbox",
  async up(db) {
    await sql`create table core_outbox (
      id bigint generated always as identity primary key,
      event_id uuid not null unique,
      type text not null,
      key text,
      payload jsonb not null,
      published_at timestamptz not null default now(),
      fanned_out_at timestamptz
    )`.execute(db);
    await sql`create index core_outbox_pending on core_outbox (id) where fanned_out_at is null`.execute(
      db,
    );
    await sql`create table core_outbox_deliveries (
      event_id bigint not null references core_outbox (id) on delete cascade,
      subscriber text not null,
      key text,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      locked_until timestamptz,
      lease uuid,
      last_error text,
      delivered_at timestamptz,
      primary key (event_id, subscriber)
    )`.execute(db);
    await sql`create index core_outbox_deliveries_due on core_outbox_deliveries (next_attempt_at) where status = 'pending'`.execute(
      db,
    );
    await sql`create index core_outbox_deliveries_key on core_outbox_deliveries (subscriber, key, event_id) where status = 'pending' and key is not null`.execute(
      db,
    );
  },
};
