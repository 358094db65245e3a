import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * External signing (USB token, remote signing service): the platform prepares the leader's
 * signature field and the signed attributes, the signer's device signs them, and the platform
 * embeds the signature. Between the two requests the prepared PDF is a blob and its layout a row.
 */
export const createSigningSessions: Migration = {
  name: "20261129-2000-signing-sessions",
  async up(db) {
    await sql`create table doc_signing_sessions (
      id uuid primary key,
      document_id uuid not null references doc_documents (id),
      document_version integer not null,
      draft_file_id uuid not null references doc_files (id),
      prepared_sha256 text not null check (prepared_sha256 ~ '^[0-9a-f]{64}$'),
      layout jsonb not null,
      certificate text not null,
      algorithm text not null,
      signer jsonb not null default '{}',
      created_by uuid not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      completed_at timestamptz
    )`.execute(db);
    await sql`create index doc_signing_sessions_document on doc_signing_sessions (document_id)`.execute(
      db,
    );
  },
};
