import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Document search. `doc_search` holds one row per document: `meta`, the folded words of its
 * metadata, and `content`, the folded text extracted from its PDF files. A trigram GIN index
 * (pg_trgm, in PostgreSQL's contrib and bundled with PGlite) over both finds documents containing
 * a word without scanning the table.
 *
 * Triggers keep the search rows in step with `doc_documents` and queue every new PDF of
 * `doc_files` in `doc_file_texts`, because documents and files are written from several places
 * (receiving, drafting, numbering); none of them has to remember search.
 */
export const createDocumentSearch: Migration = {
  name: "20261129-1800-search",
  async up(db) {
    await sql`create extension if not exists pg_trgm`.execute(db);

    await sql`create table doc_search (
      document_id uuid primary key references doc_documents (id),
      meta text not null,
      content text not null default ''
    )`.execute(db);
    await sql`create index doc_search_words on doc_search
      using gin ((meta || ' ' || content) gin_trgm_ops)`.execute(db);
    // Newest first within an organization, whatever the direction.
    await sql`create index doc_documents_org_created
      on doc_documents (organization_id, created_at desc, id desc)`.execute(db);

    await sql`create function doc_search_meta() returns trigger language plpgsql as $$
      begin
        insert into doc_search (document_id, meta)
        values (new.id, concat_ws(' ', new.search_text, lower(new.sender_code), new.number::text))
        on conflict (document_id) do update set meta = excluded.meta
          where doc_search.meta is distinct from excluded.meta;
        return null;
      end $$`.execute(db);
    await sql`create trigger doc_search_meta
      after insert or update of search_text, sender_code, number on doc_documents
      for each row execute function doc_search_meta()`.execute(db);
    await sql`insert into doc_search (document_id, meta)
      select id, concat_ws(' ', search_text, lower(sender_code), number::text)
      from doc_documents`.execute(db);

    await sql`create table doc_file_texts (
      file_id uuid primary key references doc_files (id),
      document_id uuid not null references doc_documents (id),
      state text not null default 'pending' check (state in ('pending', 'done', 'none')),
      attempts integer not null default 0,
      chars integer,
      text_sha256 text,
      queued_at timestamptz not null default now(),
      extracted_at timestamptz
    )`.execute(db);
    await sql`create index doc_file_texts_pending on doc_file_texts (queued_at)
      where state = 'pending'`.execute(db);
    await sql`create index doc_file_texts_document on doc_file_texts (document_id)`.execute(db);

    await sql`create function doc_file_texts_queue() returns trigger language plpgsql as $$
      begin
        if new.content_type = 'application/pdf' or lower(new.name) like '%.pdf' then
          insert into doc_file_texts (file_id, document_id) values (new.id, new.document_id)
          on conflict (file_id) do nothing;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger doc_file_texts_queue after insert on doc_files
      for each row execute function doc_file_texts_queue()`.execute(db);
    await sql`insert into doc_file_texts (file_id, document_id)
      select id, document_id from doc_files
      where content_type = 'application/pdf' or lower(name) like '%.pdf'`.execute(db);
  },
};
