import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Receiving documents (Decree 30/2020, art. 21–23): every package that came in and what became of
 * it, the signature checks of each incoming document, the leader's assignments (phân công, ý kiến
 * chỉ đạo), comments while handling, and links between related documents.
 */
export const createIncoming: Migration = {
  name: "20261129-1500-incoming",
  async up(db) {
    // One row per package received, refused ones included: the sender's processing status must be
    // traceable (art. 4), and a refused package is evidence too.
    await sql`create table doc_receipts (
      id uuid primary key,
      package_sha256 text not null check (package_sha256 ~ '^[0-9a-f]{64}$'),
      package_size bigint not null,
      via text not null check (via in ('local', 'lgsp', 'upload')),
      kind text check (kind in ('edoc', 'status')),
      from_code text,
      edxml_document_id text,
      outcome text not null
        check (outcome in ('arrived', 'rejected', 'duplicate', 'refused', 'status_recorded')),
      reason text,
      document_ids jsonb not null default '[]',
      received_by uuid,
      received_by_label text not null,
      received_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index doc_receipts_received on doc_receipts (received_at desc)`.execute(db);

    await sql`create table doc_validations (
      id uuid primary key,
      document_id uuid not null references doc_documents (id),
      target text not null check (target in ('package', 'pdf')),
      file_id uuid references doc_files (id),
      name text not null,
      indication text not null
        check (indication in ('TOTAL_PASSED', 'INDETERMINATE', 'TOTAL_FAILED')),
      sub_indication text,
      signatures jsonb not null default '[]',
      messages jsonb not null default '[]',
      validated_at timestamptz not null
    )`.execute(db);
    await sql`create index doc_validations_document on doc_validations (document_id)`.execute(db);

    // Reassignment adds a row and marks the previous one superseded: who was assigned when stays.
    await sql`create table doc_assignments (
      id uuid primary key,
      document_id uuid not null references doc_documents (id),
      main_user_id uuid,
      main_user_label text,
      main_unit_id uuid references dir_organizations (id),
      main_unit_label text,
      co_handlers jsonb not null default '[]',
      direction text,
      due_date date,
      assigned_by uuid,
      assigned_by_label text not null,
      assigned_at timestamptz not null default now(),
      superseded_at timestamptz,
      check ((main_user_id is null) <> (main_unit_id is null))
    )`.execute(db);
    await sql`create unique index doc_assignments_current on doc_assignments (document_id)
      where superseded_at is null`.execute(db);

    await sql`create table doc_comments (
      id uuid primary key,
      document_id uuid not null references doc_documents (id),
      author_id uuid,
      author_label text not null,
      body text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index doc_comments_document on doc_comments (document_id, created_at)`.execute(
      db,
    );

    await sql`create table doc_links (
      document_id uuid not null references doc_documents (id),
      related_id uuid not null references doc_documents (id),
      note text,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (document_id, related_id),
      check (document_id <> related_id)
    )`.execute(db);
  },
};
