import type { Generated, Insertable, Kysely, Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";
import type { DocumentsTables } from "./documents-tables.ts";

/** `doc_amendments` as Kysely sees it; only this file writes its SQL. */
export type AmendmentTable = {
  id: string;
  document_id: string;
  side: "sent" | "received";
  kind: "revoke" | "update" | "replace";
  reason: string;
  /** jsonb: AmendmentChanges. */
  changes: unknown;
  /** jsonb: the agency codes asked (sent side). */
  recipients: unknown;
  /** jsonb: agency code → "15" | "16" (sent side). */
  answers: unknown;
  replacement_id: string | null;
  package_sha256: string | null;
  state: Generated<"pending" | "agreed" | "refused">;
  decided_by: string | null;
  decided_by_label: string | null;
  decision_note: string | null;
  decided_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
};

export type AmendmentRow = Selectable<AmendmentTable>;

/** What an update changes; on the received side, as the recipient's copy will take it. */
export type AmendmentChanges = {
  subject?: string;
  dueDate?: string | null;
  addRecipients?: string[];
  removeRecipients?: string[];
  /** Received side: this organization is among the recipients the update removes. */
  removesUs?: boolean;
};

const amendments = (db: Db) => db as unknown as Kysely<{ doc_amendments: AmendmentTable }>;
const json = (value: unknown) => JSON.stringify(value);

export async function insertAmendment(db: Db, row: Insertable<AmendmentTable>) {
  await amendments(db)
    .insertInto("doc_amendments")
    .values({
      ...row,
      changes: json(row.changes ?? {}),
      recipients: json(row.recipients ?? []),
      answers: json(row.answers ?? {}),
    })
    .execute();
}

export async function selectAmendments(db: Db, documentId: string) {
  return amendments(db)
    .selectFrom("doc_amendments")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function selectAmendment(
  db: Db,
  documentId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  let query = amendments(db)
    .selectFrom("doc_amendments")
    .selectAll()
    .where("document_id", "=", documentId)
    .where("id", "=", id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function selectAmendmentByPackage(db: Db, documentId: string, sha256: string) {
  return amendments(db)
    .selectFrom("doc_amendments")
    .selectAll()
    .where("document_id", "=", documentId)
    .where("package_sha256", "=", sha256)
    .executeTakeFirst();
}

/** The request we sent on a document that still waits for answers, locked. */
export async function selectPendingSent(db: Db, documentId: string) {
  return amendments(db)
    .selectFrom("doc_amendments")
    .selectAll()
    .where("document_id", "=", documentId)
    .where("side", "=", "sent")
    .where("state", "=", "pending")
    .forUpdate()
    .executeTakeFirst();
}

/** Pending replacements of older copies by the document `replacementId`. */
export async function selectPendingReplacements(db: Db, replacementId: string) {
  return amendments(db)
    .selectFrom("doc_amendments")
    .selectAll()
    .where("replacement_id", "=", replacementId)
    .where("state", "=", "pending")
    .forUpdate()
    .execute();
}

export async function recordAnswers(
  db: Db,
  id: string,
  answers: Record<string, string>,
  state: "pending" | "agreed" | "refused",
) {
  await amendments(db)
    .updateTable("doc_amendments")
    .set({
      answers: json(answers),
      state,
      ...(state === "pending" ? {} : { decided_at: new Date() }),
    })
    .where("id", "=", id)
    .execute();
}

/** Settles a pending request; undefined when someone settled it first. */
export async function decideAmendment(
  db: Db,
  id: string,
  decision: {
    state: "agreed" | "refused";
    by: string | null;
    byLabel: string;
    note: string | null;
  },
) {
  return amendments(db)
    .updateTable("doc_amendments")
    .set({
      state: decision.state,
      decided_by: decision.by,
      decided_by_label: decision.byLabel,
      decision_note: decision.note,
      decided_at: new Date(),
    })
    .where("id", "=", id)
    .where("state", "=", "pending")
    .returningAll()
    .executeTakeFirst();
}

/** The first document package queued for an issued document: the header every request repeats. */
export async function selectIssuedPackage(db: Db, documentId: string) {
  return (db as unknown as Kysely<DocumentsTables>)
    .selectFrom("doc_outbound")
    .select(["package_sha256"])
    .where("document_id", "=", documentId)
    .where("kind", "=", "edoc")
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();
}
