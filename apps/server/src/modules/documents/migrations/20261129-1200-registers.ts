import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Registers (sổ văn bản) per organization, direction and year, ordinary or secret, each with its
 * own counter; and the entries registered in them with the columns of the legal register form.
 */
export const createRegisters: Migration = {
  name: "20261129-1200-registers",
  async up(db) {
    await sql`create table doc_registers (
      id uuid primary key,
      organization_id uuid not null references dir_organizations (id),
      direction text not null check (direction in ('outgoing', 'incoming')),
      year integer not null check (year between 2000 and 2999),
      kind text not null check (kind in ('ordinary', 'secret')),
      name text not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      last_number integer not null default 0,
      created_at timestamptz not null default now(),
      unique (organization_id, direction, year, kind)
    )`.execute(db);
    await sql`create table doc_register_entries (
      id uuid primary key,
      register_id uuid not null references doc_registers (id),
      organization_id uuid not null references dir_organizations (id),
      year integer not null,
      direction text not null,
      kind text not null,
      number integer not null check (number > 0),
      symbol text not null,
      document_date date not null,
      type_code text not null,
      subject text not null,
      signer text,
      counterpart text,
      urgency text not null default 'normal',
      confidentiality text not null default 'none',
      copies integer,
      pages integer,
      notes text,
      created_at timestamptz not null default now(),
      unique (register_id, number)
    )`.execute(db);
    // An outgoing symbol is unique within the organization's year (secret documents, numbered
    // apart, apart); an incoming entry keeps the sender's symbol, which may recur across senders.
    await sql`create unique index doc_register_entries_outgoing_symbol
      on doc_register_entries (organization_id, year, kind, symbol) where direction = 'outgoing'`.execute(
      db,
    );
  },
};
