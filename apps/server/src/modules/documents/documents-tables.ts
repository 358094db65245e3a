import type { Generated, Kysely } from "kysely";
import type { Db } from "../../core/db/index.ts";

/** The documents' tables as Kysely sees them; only the `*-repo.ts` files use these. */
export type DocumentTable = {
  id: string;
  organization_id: string;
  direction: "outgoing" | "incoming";
  status: string;
  type_code: string;
  subject: string;
  summary: string | null;
  urgency: string;
  confidentiality: string;
  drafting_unit: string | null;
  signer_name: string | null;
  signer_position: string | null;
  signer_competence: string | null;
  number: number | null;
  symbol: string | null;
  document_date: string | null;
  register_entry_id: string | null;
  edxml_document_id: string | null;
  sender_code: string | null;
  sender_name: string | null;
  due_date: string | null;
  main_file_id: string | null;
  search_text: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
};

export type DocumentFileTable = {
  id: string;
  document_id: string;
  role: "draft" | "signed" | "sealed" | "attachment" | "received";
  name: string;
  content_type: string;
  sha256: string;
  size: number | string;
  created_by: string | null;
  created_at: Generated<Date>;
};

export type DocumentEventTable = {
  id: string;
  document_id: string;
  at: Generated<Date>;
  actor_id: string | null;
  actor_label: string;
  action: string;
  status: string;
  note: string | null;
  /** jsonb: written as a JSON string, read back as an object. */
  details: unknown;
};

export type RecipientTable = {
  id: string;
  document_id: string;
  kind: "external" | "internal";
  organization_id: string | null;
  org_code: string | null;
  org_name: string;
  user_id: string | null;
  delivery: "pending" | "sent" | "failed" | "refused";
  status_code: string | null;
  status_note: string | null;
  status_at: Date | null;
  created_at: Generated<Date>;
};

export type RecipientStatusTable = {
  id: string;
  recipient_id: string;
  code: string;
  description: string | null;
  staff: string | null;
  at: Date;
  received_at: Generated<Date>;
};

export type OutboundTable = {
  id: string;
  organization_id: string;
  document_id: string | null;
  recipient_id: string | null;
  kind: "edoc" | "status";
  to_code: string;
  package_sha256: string;
  idempotency_key: string;
  state: Generated<"pending" | "sent" | "failed">;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
};

export type DocumentsTables = {
  doc_documents: DocumentTable;
  doc_files: DocumentFileTable;
  doc_events: DocumentEventTable;
  doc_recipients: RecipientTable;
  doc_recipient_statuses: RecipientStatusTable;
  doc_outbound: OutboundTable;
};

export function documentsDb(db: Db): Kysely<DocumentsTables> {
  return db as unknown as Kysely<DocumentsTables>;
}
