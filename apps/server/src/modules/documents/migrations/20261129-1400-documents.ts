import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Official documents themselves, outgoing and incoming: their metadata, files (content-addressed
 * blobs), the timeline of what happened to each, the recipients of an outgoing document with the
 * status each reported back, and the queue of edXML packages waiting to leave.
 */
export const createDocuments: Migration = {
  name: "20261129-1400-documents",
  async up(db) {
    await sql`create table doc_documents (
      id uuid primary key,
      organization_id uuid not null references dir_organizations (id),
      direction text not null check (direction in ('outgoing', 'incoming')),
      status text not null,
      type_code text not null,
      subject text not null,
      summary text,
      urgency text not null default 'normal'
        check (urgency in ('normal', 'khan', 'thuong_khan', 'hoa_toc', 'hoa_toc_hen_gio')),
      confidentiality text not null default 'none'
        check (confidentiality in ('none', 'mat', 'toi_mat', 'tuyet_mat')),
      drafting_unit text,
      signer_name text,
      signer_position text,
      signer_competence text,
      number integer,
      symbol text,
      document_date date,
      register_entry_id uuid references doc_register_entries (id),
      edxml_document_id text,
      sender_code text,
      sender_name text,
      due_date date,
      main_file_id uuid,
      search_text text not null default '',
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`.execute(db);
    await sql`create index doc_documents_org_direction
      on doc_documents (organization_id, direction, created_at desc)`.execute(db);
    // A package is registered once: one document per edXML DocumentId per organization and side.
    await sql`create unique index doc_documents_edxml_id
      on doc_documents (organization_id, direction, edxml_document_id)
      where edxml_document_id is not null`.execute(db);

    await sql`create table doc_files (
      id uuid primary key,
      document_id uuid not null references doc_documents (id),
      role text not null check (role in ('draft', 'signed', 'sealed', 'attachment', 'received')),
      name text not null,
      content_type text not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint not null,
      created_by uuid,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index doc_files_document on doc_files (document_id, created_at)`.execute(db);

    await sql`create table doc_events (
      id uuid primary key,
      document_id uuid not null references doc_documents (id),
      at timestamptz not null default now(),
      actor_id uuid,
      actor_label text not null,
      action text not null,
      status text not null,
      note text,
      details jsonb
    )`.execute(db);
    await sql`create index doc_events_document on doc_events (document_id, at)`.execute(db);

    await sql`create table doc_recipients (
      id uuid primary key,
      document_id uuid not null references doc_documents (id),
      kind text not null check (kind in ('external', 'internal')),
      organization_id uuid references dir_organizations (id),
      org_code text,
      org_name text not null,
      user_id uuid,
      delivery text not null default 'pending'
        check (delivery in ('pending', 'sent', 'failed', 'refused')),
      status_code text,
      status_note text,
      status_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create unique index doc_recipients_external
      on doc_recipients (document_id, org_code) where kind = 'external'`.execute(db);
    await sql`create unique index doc_recipients_internal
      on doc_recipients (document_id, user_id) where kind = 'internal'`.execute(db);

    await sql`create table doc_recipient_statuses (
      id uuid primary key,
      recipient_id uuid not null references doc_recipients (id),
      code text not null,
      description text,
      staff text,
      at timestamptz not null,
      received_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index doc_recipient_statuses_recipient
      on doc_recipient_statuses (recipient_id, at)`.execute(db);

    await sql`create table doc_outbound (
      id uuid primary key,
      organization_id uuid not null references dir_organizations (id),
      document_id uuid references doc_documents (id),
      recipient_id uuid references doc_recipients (id),
      kind text not null check (kind in ('edoc', 'status')),
      to_code text not null,
      package_sha256 text not null,
      idempotency_key text not null unique,
      state text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )`.execute(db);
    await sql`create index doc_outbound_due on doc_outbound (next_attempt_at)
      where state = 'pending'`.execute(db);
  },
};
