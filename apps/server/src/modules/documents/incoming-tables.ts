import type { Generated, Kysely } from "kysely";
import type { Db } from "../../core/db/index.ts";
import type { DocumentsTables } from "./documents-tables.ts";

/** The receiving side's tables as Kysely sees them; only `incoming-repo.ts` uses these. */
export type ReceiptTable = {
  id: string;
  package_sha256: string;
  package_size: number | string;
  via: "local" | "lgsp" | "upload";
  kind: "edoc" | "status" | null;
  from_code: string | null;
  edxml_document_id: string | null;
  outcome: "arrived" | "rejected" | "duplicate" | "refused" | "status_recorded";
  reason: string | null;
  /** jsonb array of document ids. */
  document_ids: unknown;
  received_by: string | null;
  received_by_label: string;
  received_at: Generated<Date>;
};

export type ValidationTable = {
  id: string;
  document_id: string;
  target: "package" | "pdf";
  file_id: string | null;
  name: string;
  indication: "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";
  sub_indication: string | null;
  /** jsonb: SignatureSummary[]. */
  signatures: unknown;
  /** jsonb: Bilingual[]. */
  messages: unknown;
  validated_at: Date;
};

export type AssignmentTable = {
  id: string;
  document_id: string;
  main_user_id: string | null;
  main_user_label: string | null;
  main_unit_id: string | null;
  main_unit_label: string | null;
  /** jsonb: { userId, label }[]. */
  co_handlers: unknown;
  direction: string | null;
  due_date: string | null;
  assigned_by: string | null;
  assigned_by_label: string;
  assigned_at: Generated<Date>;
  superseded_at: Date | null;
};

export type CommentTable = {
  id: string;
  document_id: string;
  author_id: string | null;
  author_label: string;
  body: string;
  created_at: Generated<Date>;
};

export type LinkTable = {
  document_id: string;
  related_id: string;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
};

export type IncomingTables = DocumentsTables & {
  doc_receipts: ReceiptTable;
  doc_validations: ValidationTable;
  doc_assignments: AssignmentTable;
  doc_comments: CommentTable;
  doc_links: LinkTable;
};

export function incomingDb(db: Db): Kysely<IncomingTables> {
  return db as unknown as Kysely<IncomingTables>;
}
