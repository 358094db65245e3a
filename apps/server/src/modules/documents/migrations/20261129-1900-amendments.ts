import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Revoke, update and replace (edXML BussinessDocType 1, 2, 3; Decree 30/2020, art. 18): each
 * request on a document, on both sides. `sent`: what we asked our recipients, with each one's
 * answer (15 agrees, 16 refuses); `received`: what a sender asked of our copy, pending until the
 * clerk agrees or refuses, or until the replacing document is accepted.
 */
export const createAmendments: Migration = {
  name: "20261129-1900-amendments",
  async up(db) {
    await sql`create table doc_amendments (
      id uuid primary key,
      document_id uuid not null references doc_documents (id),
      side text not null check (side in ('sent', 'received')),
      kind text not null check (kind in ('revoke', 'update', 'replace')),
      reason text not null,
      changes jsonb not null default '{}',
      recipients jsonb not null default '[]',
      answers jsonb not null default '{}',
      replacement_id uuid references doc_documents (id),
      package_sha256 text check (package_sha256 ~ '^[0-9a-f]{64}$'),
      state text not null default 'pending' check (state in ('pending', 'agreed', 'refused')),
      decided_by uuid,
      decided_by_label text,
      decision_note text,
      decided_at timestamptz,
      created_by uuid,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index doc_amendments_document on doc_amendments (document_id, created_at)`.execute(
      db,
    );
    // A package is one request on a copy, however often it is delivered.
    await sql`create unique index doc_amendments_package on doc_amendments (document_id, package_sha256)
      where package_sha256 is not null`.execute(db);
    // A sender waits for the answers to one request before asking another.
    await sql`create unique index doc_amendments_sent_pending on doc_amendments (document_id)
      where side = 'sent' and state = 'pending'`.execute(db);
    await sql`create index doc_amendments_replacement on doc_amendments (replacement_id)
      where replacement_id is not null`.execute(db);
  },
};
