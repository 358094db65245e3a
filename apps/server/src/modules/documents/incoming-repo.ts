import { sql, type Insertable, type Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";
import {
  incomingDb,
  type AssignmentTable,
  type CommentTable,
  type LinkTable,
  type ReceiptTable,
  type ValidationTable,
} from "./incoming-tables.ts";

export type ValidationRow = Selectable<ValidationTable>;
export type AssignmentRow = Selectable<AssignmentTable>;
export type CommentRow = Selectable<CommentTable>;
export type LinkRow = Selectable<LinkTable>;

const json = (value: unknown) => JSON.stringify(value);

export async function insertReceipt(db: Db, row: Insertable<ReceiptTable>) {
  await incomingDb(db)
    .insertInto("doc_receipts")
    .values({ ...row, document_ids: json(row.document_ids ?? []) })
    .execute();
}

export async function insertValidations(db: Db, rows: Insertable<ValidationTable>[]) {
  if (rows.length === 0) return;
  await incomingDb(db)
    .insertInto("doc_validations")
    .values(rows.map((r) => ({ ...r, signatures: json(r.signatures), messages: json(r.messages) })))
    .execute();
}

export async function selectValidations(db: Db, documentId: string) {
  return incomingDb(db)
    .selectFrom("doc_validations")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("target", "desc")
    .orderBy("name")
    .execute();
}

export async function selectCurrentAssignment(db: Db, documentId: string) {
  return incomingDb(db)
    .selectFrom("doc_assignments")
    .selectAll()
    .where("document_id", "=", documentId)
    .where("superseded_at", "is", null)
    .executeTakeFirst();
}

/** Marks the current assignment superseded and records the new one. */
export async function replaceAssignment(db: Db, row: Insertable<AssignmentTable>) {
  await incomingDb(db)
    .updateTable("doc_assignments")
    .set({ superseded_at: new Date() })
    .where("document_id", "=", row.document_id)
    .where("superseded_at", "is", null)
    .execute();
  await incomingDb(db)
    .insertInto("doc_assignments")
    .values({ ...row, co_handlers: json(row.co_handlers ?? []) })
    .execute();
}

export async function insertComment(db: Db, row: Insertable<CommentTable>) {
  return incomingDb(db)
    .insertInto("doc_comments")
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function selectComments(db: Db, documentId: string) {
  return incomingDb(db)
    .selectFrom("doc_comments")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Links two documents; linking them again changes nothing. Returns whether a link was added. */
export async function insertLink(db: Db, row: Insertable<LinkTable>) {
  const inserted = await incomingDb(db)
    .insertInto("doc_links")
    .values(row)
    .onConflict((oc) => oc.columns(["document_id", "related_id"]).doNothing())
    .returning("related_id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Links in both directions: a document shows what it links to and what links to it. */
export async function selectLinks(db: Db, documentId: string) {
  return incomingDb(db)
    .selectFrom("doc_links")
    .innerJoin("doc_documents", (join) =>
      join.on(
        sql<boolean>`doc_documents.id = case when doc_links.document_id = ${documentId}
          then doc_links.related_id else doc_links.document_id end`,
      ),
    )
    .select([
      "doc_documents.id",
      "doc_documents.direction",
      "doc_documents.subject",
      "doc_documents.symbol",
      "doc_documents.organization_id",
      "doc_links.note",
      "doc_links.created_at",
    ])
    .where((eb) =>
      eb.or([
        eb("doc_links.document_id", "=", documentId),
        eb("doc_links.related_id", "=", documentId),
      ]),
    )
    .orderBy("doc_links.created_at")
    .execute();
}

export async function selectExternalRecipient(db: Db, documentId: string, orgCode: string) {
  return incomingDb(db)
    .selectFrom("doc_recipients")
    .selectAll()
    .where("document_id", "=", documentId)
    .where("kind", "=", "external")
    .where("org_code", "=", orgCode)
    .executeTakeFirst();
}

export async function hasRecipientStatus(
  db: Db,
  recipientId: string,
  status: { code: string; at: Date },
) {
  const found = await incomingDb(db)
    .selectFrom("doc_recipient_statuses")
    .select("id")
    .where("recipient_id", "=", recipientId)
    .where("code", "=", status.code)
    .where("at", "=", status.at)
    .executeTakeFirst();
  return found !== undefined;
}

/**
 * Appends a status a recipient reported and makes it the recipient's current one, unless a later
 * status already arrived (packages may come out of order through the exchange).
 */
export async function appendRecipientStatus(
  db: Db,
  row: {
    id: string;
    recipientId: string;
    code: string;
    description: string | null;
    staff: string | null;
    at: Date;
  },
) {
  await incomingDb(db)
    .insertInto("doc_recipient_statuses")
    .values({
      id: row.id,
      recipient_id: row.recipientId,
      code: row.code,
      description: row.description,
      staff: row.staff,
      at: row.at,
    })
    .execute();
  await incomingDb(db)
    .updateTable("doc_recipients")
    .set({ status_code: row.code, status_note: row.description, status_at: row.at })
    .where("id", "=", row.recipientId)
    // A later status wins; statuses of the same second (edXML timestamps have whole seconds)
    // follow the codes' processing order, 01 … 06, then 13, 15, 16.
    .where((eb) =>
      eb.or([
        eb("status_at", "is", null),
        eb("status_at", "<", row.at),
        eb.and([eb("status_at", "=", row.at), eb("status_code", "<=", row.code)]),
      ]),
    )
    .execute();
}
