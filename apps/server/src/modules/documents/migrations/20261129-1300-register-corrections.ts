import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";
import { foldVietnamese } from "../../../core/text.ts";

/**
 * What the legal register forms need beyond the first slice: the arrival date of an incoming
 * document (its register's year is the year it arrived, not the year it was dated), the unit or
 * person inside the organization who receives it (or keeps the file copy of an outgoing one), the
 * folded text searched without accents, and the history of corrections — number and symbol never
 * change, other fields may, with the values they replaced kept.
 */
export const addRegisterCorrections: Migration = {
  name: "20261129-1300-register-corrections",
  async up(db) {
    await sql`alter table doc_register_entries
      add column received_on date,
      add column internal_recipient text,
      add column search_text text not null default '',
      add column revision integer not null default 1,
      add column corrected_at timestamptz`.execute(db);
    const { rows } = await sql<{
      id: string;
      symbol: string;
      subject: string;
      counterpart: string | null;
      created_at: Date;
      direction: string;
    }>`select id, symbol, subject, counterpart, created_at, direction from doc_register_entries`.execute(
      db,
    );
    for (const row of rows) {
      const parts = [
        row.symbol,
        row.symbol.replace(/[/-]/g, " "),
        row.subject,
        row.counterpart ?? "",
      ];
      const searchText = foldVietnamese(parts.join(" "));
      await sql`update doc_register_entries set search_text = ${searchText},
        received_on = case when direction = 'incoming'
          then (created_at at time zone 'Asia/Ho_Chi_Minh')::date end
        where id = ${row.id}`.execute(db);
    }
    await sql`create table doc_register_entry_corrections (
      id uuid primary key,
      entry_id uuid not null references doc_register_entries (id),
      register_id uuid not null references doc_registers (id),
      revision integer not null,
      previous jsonb not null,
      current jsonb not null,
      reason text not null,
      corrected_by_id uuid,
      corrected_by text not null,
      corrected_at timestamptz not null default now(),
      unique (entry_id, revision)
    )`.execute(db);
    await sql`alter table doc_registers
      add column closed_at timestamptz`.execute(db);
  },
};
