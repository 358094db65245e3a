import type { Actor } from "../../core/actor.ts";
import { actorLabel, hasRole, requireActor } from "../../core/actor.ts";
import type { BlobStore } from "../../core/blobs.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, type Bilingual } from "../../core/errors.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";
import { newId } from "../../core/ids.ts";
import { foldVietnamese, searchTerms } from "../../core/text.ts";
import {
  insertEvent,
  insertFile,
  searchDocuments,
  selectDocument,
  selectEvents,
  selectFiles,
  selectRecipients,
  selectRecipientStatuses,
  updateDocument,
  type DocumentRow,
  type FileRow,
} from "./documents-repo.ts";

export type Direction = "outgoing" | "incoming";

/**
 * Where a document stands. Outgoing: draft → in_review (→ returned → in_review …) → signed (by the
 * leader) → numbered (registered by the clerk) → sealed (the agency's signature) → issued.
 * Incoming: arrived → accepted (registered) or rejected → assigned → in_progress → done.
 * Either side may end `revoked` (thu hồi) or `replaced` (thay thế); these two are listed once,
 * with the incoming statuses, so that the lists joined stay free of repeats.
 */
export const OUTGOING_STATUSES = [
  "draft",
  "in_review",
  "returned",
  "signed",
  "numbered",
  "sealed",
  "issued",
] as const;
export const INCOMING_STATUSES = [
  "arrived",
  "rejected",
  "accepted",
  "assigned",
  "in_progress",
  "done",
  "revoked",
  "replaced",
] as const;
export type DocumentStatus =
  (typeof OUTGOING_STATUSES)[number] | (typeof INCOMING_STATUSES)[number];

export const URGENCIES = ["normal", "khan", "thuong_khan", "hoa_toc", "hoa_toc_hen_gio"] as const;
export const CONFIDENTIALITIES = ["none", "mat", "toi_mat", "tuyet_mat"] as const;
export type Urgency = (typeof URGENCIES)[number];
export type Confidentiality = (typeof CONFIDENTIALITIES)[number];

export type DocumentFile = {
  id: string;
  role: FileRow["role"];
  name: string;
  contentType: string;
  sha256: string;
  size: number;
  createdAt: string;
};

export type DocumentSummary = {
  id: string;
  organizationId: string;
  direction: Direction;
  status: DocumentStatus;
  typeCode: string;
  subject: string;
  summary: string | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  draftingUnit: string | null;
  signer: { name: string | null; position: string | null; competence: string | null };
  number: number | null;
  symbol: string | null;
  documentDate: string | null;
  registerEntryId: string | null;
  edxmlDocumentId: string | null;
  sender: { code: string; name: string | null } | null;
  dueDate: string | null;
  mainFileId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type DocumentEvent = {
  at: string;
  actor: string;
  action: string;
  status: string;
  note: string | null;
  details: Record<string, unknown> | null;
};

export type RecipientStatus = {
  code: string;
  description: string | null;
  staff: string | null;
  at: string;
};

export type DocumentRecipient = {
  id: string;
  kind: "external" | "internal";
  organizationId: string | null;
  orgCode: string | null;
  orgName: string;
  userId: string | null;
  delivery: "pending" | "sent" | "failed" | "refused";
  statusCode: string | null;
  statusNote: string | null;
  statusAt: string | null;
  timeline: RecipientStatus[];
};

export type DocumentDetail = DocumentSummary & {
  files: DocumentFile[];
  events: DocumentEvent[];
  recipients: DocumentRecipient[];
};

const iso = (value: Date | string) => new Date(value).toISOString();
/** A `date` column as `yyyy-MM-dd` (PostgreSQL gives text, PGlite may give a Date). */
export const isoDay = (value: string | Date | null) =>
  value === null
    ? null
    : typeof value === "string"
      ? value.slice(0, 10)
      : value.toISOString().slice(0, 10);

export function toSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    organizationId: row.organization_id,
    direction: row.direction,
    status: row.status as DocumentStatus,
    typeCode: row.type_code,
    subject: row.subject,
    summary: row.summary,
    urgency: row.urgency as Urgency,
    confidentiality: row.confidentiality as Confidentiality,
    draftingUnit: row.drafting_unit,
    signer: {
      name: row.signer_name,
      position: row.signer_position,
      competence: row.signer_competence,
    },
    number: row.number,
    symbol: row.symbol,
    documentDate: isoDay(row.document_date),
    registerEntryId: row.register_entry_id,
    edxmlDocumentId: row.edxml_document_id,
    sender: row.sender_code ? { code: row.sender_code, name: row.sender_name } : null,
    dueDate: isoDay(row.due_date),
    mainFileId: row.main_file_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    version: row.version,
  };
}

export function toFile(row: FileRow): DocumentFile {
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    contentType: row.content_type,
    sha256: row.sha256,
    size: Number(row.size),
    createdAt: iso(row.created_at),
  };
}

/** The folded text searched by `listDocuments`: subject, symbol, sender, summary. */
export function searchTextOf(fields: (string | null | undefined)[]): string {
  return foldVietnamese(fields.filter((f): f is string => !!f).join(" "));
}

/**
 * Who may see a document: people of its organization and system administrators; a secret
 * document (Mật and above) only its organization's leaders, clerks and administrators, and the
 * person who created it.
 */
export function canReadDocument(actor: Actor, row: DocumentRow): boolean {
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return true;
  if (actor.organizationId !== row.organization_id) return false;
  if (row.confidentiality === "none") return true;
  return hasRole(actor, "leader", "clerk", "org_admin") || row.created_by === actor.userId;
}

/** Loads a document the actor may see, or `not_found` (the same answer as for no document). */
export async function readableDocument(
  db: Db,
  actor: Actor | null,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<DocumentRow> {
  const known = requireActor(actor);
  const row = await selectDocument(db, id, options);
  if (!row || !canReadDocument(known, row)) throw new AppError("not_found");
  return row;
}

export async function getDocument(
  db: Db,
  actor: Actor | null,
  id: string,
): Promise<DocumentDetail> {
  const row = await readableDocument(db, actor, id);
  const [files, events, recipients] = await Promise.all([
    selectFiles(db, id),
    selectEvents(db, id),
    selectRecipients(db, id),
  ]);
  const statuses = await selectRecipientStatuses(
    db,
    recipients.map((r) => r.id),
  );
  return {
    ...toSummary(row),
    files: files.map(toFile),
    events: events.map((e) => ({
      at: iso(e.at),
      actor: e.actor_label,
      action: e.action,
      status: e.status,
      note: e.note,
      details: (e.details as Record<string, unknown> | null) ?? null,
    })),
    recipients: recipients.map((r) => ({
      id: r.id,
      kind: r.kind,
      organizationId: r.organization_id,
      orgCode: r.org_code,
      orgName: r.org_name,
      userId: r.user_id,
      delivery: r.delivery,
      statusCode: r.status_code,
      statusNote: r.status_note,
      statusAt: r.status_at ? iso(r.status_at) : null,
      timeline: statuses
        .filter((s) => s.recipient_id === r.id)
        .map((s) => ({ code: s.code, description: s.description, staff: s.staff, at: iso(s.at) })),
    })),
  };
}

const isListKey = (key: unknown): key is [string, string] =>
  Array.isArray(key) &&
  key.length === 2 &&
  typeof key[0] === "string" &&
  !Number.isNaN(Date.parse(key[0])) &&
  typeof key[1] === "string";

/** The caller's organization's documents, newest first, accent-insensitive search, cursor pages. */
export async function listDocuments(options: {
  db: Db;
  actor: Actor | null;
  organizationId?: string | undefined;
  direction?: Direction | undefined;
  status?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}) {
  const actor = requireActor(options.actor);
  const organizationId =
    options.organizationId ?? (actor.kind === "user" ? actor.organizationId : undefined);
  if (!organizationId)
    throw new AppError("validation_failed", {
      detail: { vi: "Cần chọn cơ quan.", en: "An organization is required." },
    });
  const admin = actor.kind === "system" || actor.roles.includes("system_admin");
  if (!admin && actor.organizationId !== organizationId) throw new AppError("not_found");
  const rows = await searchDocuments(options.db, {
    organizationId,
    direction: options.direction,
    status: options.status,
    terms: options.q ? searchTerms(options.q) : [],
    includeSecret: admin || hasRole(actor, "leader", "clerk", "org_admin"),
    before: options.cursor ? decodeCursor(options.cursor, isListKey) : undefined,
    limit: options.limit + 1,
  });
  const page = toPage(rows, options.limit, (row) => [row.created_key, row.id]);
  return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
}

export async function recordEvent(
  db: Db,
  event: {
    documentId: string;
    actor: Actor | null;
    action: string;
    status: string;
    note?: string | null | undefined;
    details?: Record<string, unknown> | undefined;
  },
) {
  await insertEvent(db, {
    id: newId(),
    document_id: event.documentId,
    actor_id: event.actor?.kind === "user" ? event.actor.userId : null,
    actor_label:
      event.actor?.kind === "user" ? event.actor.displayName : actorLabel(event.actor ?? null),
    action: event.action,
    status: event.status,
    note: event.note ?? null,
    details: event.details ?? null,
  });
}

/**
 * Moves a document from one of `from` to `to` with `patch`, under optimistic concurrency: if
 * someone else changed it meanwhile, `conflict` and nothing written. Records the timeline event.
 */
export async function transition(
  db: Db,
  options: {
    row: DocumentRow;
    actor: Actor;
    from: readonly DocumentStatus[];
    to: DocumentStatus;
    action: string;
    note?: string | null | undefined;
    details?: Record<string, unknown> | undefined;
    patch?: Parameters<typeof updateDocument>[3];
    refusal: Bilingual;
  },
): Promise<DocumentRow> {
  const { row } = options;
  if (!(options.from as readonly string[]).includes(row.status))
    throw new AppError("unprocessable", { detail: options.refusal });
  const updated = await updateDocument(db, row.id, row.version, {
    ...options.patch,
    status: options.to,
  });
  if (!updated)
    throw new AppError("conflict", {
      detail: {
        vi: "Văn bản vừa được người khác thay đổi; hãy tải lại.",
        en: "Someone else changed the document meanwhile; reload it.",
      },
    });
  await recordEvent(db, {
    documentId: row.id,
    actor: options.actor,
    action: options.action,
    status: options.to,
    note: options.note,
    details: options.details,
  });
  return updated;
}

/** Stores bytes in the blob store and links them to the document as a file of `role`. */
export async function attachFile(
  db: Db,
  blobs: BlobStore,
  options: {
    documentId: string;
    actor: Actor | null;
    role: FileRow["role"];
    name: string;
    contentType: string;
    source: Uint8Array | AsyncIterable<Uint8Array>;
    maxBytes?: number;
  },
): Promise<DocumentFile> {
  const blob = await blobs.put(
    options.source,
    options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes },
  );
  const row: FileRow = {
    id: newId(),
    document_id: options.documentId,
    role: options.role,
    name: options.name,
    content_type: options.contentType,
    sha256: blob.sha256,
    size: blob.size,
    created_by: options.actor?.kind === "user" ? options.actor.userId : null,
    created_at: new Date(),
  };
  await insertFile(db, row);
  return toFile(row);
}
