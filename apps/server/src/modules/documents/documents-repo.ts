import { sql, type Insertable, type Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";
import { escapeLike } from "../../core/text.ts";
import {
  documentsDb,
  type DocumentEventTable,
  type DocumentFileTable,
  type DocumentTable,
  type RecipientStatusTable,
  type RecipientTable,
} from "./documents-tables.ts";

export type DocumentRow = Selectable<DocumentTable>;
export type FileRow = Selectable<DocumentFileTable>;
export type EventRow = Selectable<DocumentEventTable>;
export type RecipientRow = Selectable<RecipientTable>;

export async function insertDocument(db: Db, row: Insertable<DocumentTable>) {
  await documentsDb(db).insertInto("doc_documents").values(row).execute();
}

export async function selectDocument(db: Db, id: string, options: { forUpdate?: boolean } = {}) {
  let query = documentsDb(db).selectFrom("doc_documents").selectAll().where("id", "=", id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * The organization's document with this edXML DocumentId: the live one, or when every copy was
 * rejected (a sender may send a corrected package again), the latest rejected one.
 */
export async function selectDocumentByEdxmlId(
  db: Db,
  organizationId: string,
  direction: "outgoing" | "incoming",
  edxmlDocumentId: string,
) {
  return documentsDb(db)
    .selectFrom("doc_documents")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("direction", "=", direction)
    .where("edxml_document_id", "=", edxmlDocumentId)
    .orderBy(sql`status = 'rejected'`)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/**
 * Applies `patch` and moves the version on, only if the row still has `version`: two people
 * acting on one document at once cannot both succeed. Returns the new row, or undefined when the
 * document changed in between.
 */
export async function updateDocument(
  db: Db,
  id: string,
  version: number,
  patch: Partial<
    Omit<DocumentRow, "id" | "organization_id" | "direction" | "created_at" | "version">
  >,
) {
  return documentsDb(db)
    .updateTable("doc_documents")
    .set({ ...patch, updated_at: new Date(), version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .returningAll()
    .executeTakeFirst();
}

export async function insertFile(db: Db, row: Insertable<DocumentFileTable>) {
  await documentsDb(db).insertInto("doc_files").values(row).execute();
}

export async function selectFiles(db: Db, documentId: string) {
  return documentsDb(db)
    .selectFrom("doc_files")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function selectFile(db: Db, documentId: string, fileId: string) {
  return documentsDb(db)
    .selectFrom("doc_files")
    .selectAll()
    .where("document_id", "=", documentId)
    .where("id", "=", fileId)
    .executeTakeFirst();
}

export async function insertEvent(db: Db, row: Insertable<DocumentEventTable>) {
  await documentsDb(db)
    .insertInto("doc_events")
    .values({ ...row, details: row.details === null ? null : JSON.stringify(row.details) })
    .execute();
}

export async function selectEvents(db: Db, documentId: string) {
  return documentsDb(db)
    .selectFrom("doc_events")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("at")
    .orderBy("id")
    .execute();
}

export async function selectLastEvent(db: Db, documentId: string, action: string) {
  return documentsDb(db)
    .selectFrom("doc_events")
    .selectAll()
    .where("document_id", "=", documentId)
    .where("action", "=", action)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

export async function insertRecipients(db: Db, rows: Insertable<RecipientTable>[]) {
  if (rows.length > 0) await documentsDb(db).insertInto("doc_recipients").values(rows).execute();
}

export async function selectRecipients(db: Db, documentId: string) {
  return documentsDb(db)
    .selectFrom("doc_recipients")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function selectRecipientStatuses(db: Db, recipientIds: string[]) {
  if (recipientIds.length === 0) return [] as Selectable<RecipientStatusTable>[];
  return (
    documentsDb(db)
      .selectFrom("doc_recipient_statuses")
      .selectAll()
      .where("recipient_id", "in", recipientIds)
      .orderBy("at")
      // edXML timestamps have whole seconds: statuses of the same second in processing order.
      .orderBy("code")
      .orderBy("id")
      .execute()
  );
}

export type DocumentFilter = {
  organizationId: string;
  direction?: "outgoing" | "incoming" | undefined;
  status?: string | undefined;
  /** Folded search words; every one must occur in the document's search text. */
  terms: string[];
  /** Secret documents are left out unless the caller may see them. */
  includeSecret: boolean;
  /** Keyset: documents created before this (created_at, id). */
  before?: [string, string] | undefined;
  limit: number;
};

export async function searchDocuments(db: Db, filter: DocumentFilter) {
  let query = documentsDb(db)
    .selectFrom("doc_documents")
    .selectAll()
    // The keyset's time as text to the microsecond: a cursor rounded to milliseconds skips rows.
    .select(
      sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        "created_key",
      ),
    )
    .where("organization_id", "=", filter.organizationId);
  if (filter.direction) query = query.where("direction", "=", filter.direction);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (!filter.includeSecret) query = query.where("confidentiality", "=", "none");
  for (const term of filter.terms)
    query = query.where("search_text", "like", `%${escapeLike(term)}%`);
  if (filter.before) {
    const [at, id] = filter.before;
    query = query.where(sql<boolean>`(created_at, id) < (${at}::timestamptz, ${id})`);
  }
  return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(filter.limit).execute();
}
