import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * A document is still registered once per DocumentId, but a rejected copy no longer holds its
 * DocumentId: the sender may correct what was wrong (a signature, an attachment) and send the
 * same document again, which arrives as a new copy beside the rejected one.
 */
export const allowResendAfterRejection: Migration = {
  name: "20261129-2100-resend-after-rejection",
  async up(db) {
    await sql`drop index doc_documents_edxml_id`.execute(db);
    await sql`create unique index doc_documents_edxml_id
      on doc_documents (organization_id, direction, edxml_document_id)
      where edxml_document_id is not null and status <> 'rejected'`.execute(db);
  },
};
