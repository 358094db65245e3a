import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { blobStoreFor, type BlobStore } from "../../core/blobs.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { isUuid } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import { CLOSED_COPY } from "./amendment-receive.ts";
import {
  decideAmendment,
  recordAnswers,
  selectAmendment,
  selectAmendments,
  selectPendingSent,
  type AmendmentChanges,
  type AmendmentRow,
} from "./amendment-repo.ts";
import {
  readableDocument,
  recordEvent,
  searchTextOf,
  toSummary,
  transition,
  type DocumentStatus,
  type DocumentSummary,
} from "./documents.ts";
import { selectDocument, updateDocument, type DocumentRow } from "./documents-repo.ts";
import { incomingDocument, requireClerk } from "./incoming-access.ts";
import { inTransaction } from "./incoming-common.ts";
import { sealStatus } from "./incoming-status.ts";
import { queuePackage } from "./outbound.ts";

export type Amendment = {
  id: string;
  side: "sent" | "received";
  kind: "revoke" | "update" | "replace";
  reason: string;
  changes: AmendmentChanges;
  recipients: string[];
  answers: Record<string, string>;
  replacementId: string | null;
  state: "pending" | "agreed" | "refused";
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
};

const iso = (value: Date | string) => new Date(value).toISOString();

export function toAmendment(row: AmendmentRow): Amendment {
  return {
    id: row.id,
    side: row.side,
    kind: row.kind,
    reason: row.reason,
    changes: (row.changes ?? {}) as AmendmentChanges,
    recipients: (row.recipients ?? []) as string[],
    answers: (row.answers ?? {}) as Record<string, string>,
    replacementId: row.replacement_id,
    state: row.state,
    decidedBy: row.decided_by_label,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at ? iso(row.decided_at) : null,
    createdAt: iso(row.created_at),
  };
}

/** The revoke, update and replace requests on a document the actor may read, oldest first. */
export async function listAmendments(options: {
  db: Db;
  actor: Actor | null;
  documentId: string;
}): Promise<{ items: Amendment[] }> {
  const row = await readableDocument(options.db, options.actor, options.documentId);
  return { items: (await selectAmendments(options.db, row.id)).map(toAmendment) };
}

type Decision = {
  actor: Actor | null;
  documentId: string;
  amendmentId: string;
  requestMeta?: RequestMeta | undefined;
};

async function pendingRequest(db: Db, actor: Actor, options: Decision) {
  if (!isUuid(options.amendmentId)) throw new AppError("not_found");
  const { row } = await incomingDocument(db, actor, options.documentId);
  requireClerk(actor, row);
  const amendment = await selectAmendment(db, row.id, options.amendmentId);
  if (!amendment || amendment.side !== "received" || amendment.kind === "replace")
    throw new AppError("not_found");
  if (amendment.state !== "pending")
    throw new AppError("unprocessable", {
      detail: {
        vi: "Yêu cầu này đã được trả lời.",
        en: "This request has already been answered.",
      },
    });
  return { row, amendment };
}

const alreadyAnswered = () =>
  new AppError("conflict", {
    detail: {
      vi: "Yêu cầu vừa được người khác trả lời; hãy tải lại.",
      en: "Someone else answered the request meanwhile; reload it.",
    },
  });

/** Applies an agreed request to the locked copy: cancelled (revoked), or the update's changes. */
async function applyAgreed(
  trx: Db,
  actor: Actor,
  copy: DocumentRow,
  amendment: AmendmentRow,
): Promise<DocumentRow> {
  const changes = (amendment.changes ?? {}) as AmendmentChanges;
  const details = { amendmentId: amendment.id, statusSent: "15" };
  if (amendment.kind === "revoke" || changes.removesUs)
    return transition(trx, {
      row: copy,
      actor,
      from: [copy.status as DocumentStatus],
      to: "revoked",
      action: "revoked",
      note: amendment.reason,
      details,
      refusal: { vi: "Không thu hồi được văn bản.", en: "Cannot revoke the document." },
    });
  const subject = changes.subject ?? copy.subject;
  const updated = await updateDocument(trx, copy.id, copy.version, {
    subject,
    ...(changes.dueDate !== undefined && { due_date: changes.dueDate }),
    search_text: searchTextOf([subject, copy.symbol, copy.sender_name, copy.summary]),
  });
  if (!updated) throw alreadyAnswered();
  await recordEvent(trx, {
    documentId: copy.id,
    actor,
    action: "updated",
    status: updated.status,
    note: amendment.reason,
    details: { ...details, ...changes },
  });
  return updated;
}

/**
 * The clerk agrees to the sender's request: a revoke cancels our copy (`revoked`, Decree 30,
 * art. 18), an update applies its changes (or cancels the copy when it removes us from the
 * recipients); the sender is told 15, all in one transaction, audited.
 */
export async function agreeAmendment(
  ctx: ModuleContext & { blobs?: BlobStore },
  options: Decision,
): Promise<DocumentSummary & { amendment: Amendment }> {
  const actor = requireActor(options.actor);
  const { row, amendment } = await pendingRequest(ctx.db, actor, options);
  if (CLOSED_COPY.includes(row.status as DocumentStatus))
    throw new AppError("unprocessable", {
      detail: {
        vi: "Văn bản đã bị thu hồi hoặc thay thế.",
        en: "The document was already revoked or replaced.",
      },
    });
  const status = await sealStatus(ctx, { document: row, code: "15", actor });
  return decide(ctx, actor, options, { row, amendment, status, state: "agreed", note: null });
}

/** The clerk refuses the sender's request, saying why; the sender is told 16 with the reason. */
export async function refuseAmendment(
  ctx: ModuleContext & { blobs?: BlobStore },
  options: Decision & { reason: string | undefined },
): Promise<DocumentSummary & { amendment: Amendment }> {
  const actor = requireActor(options.actor);
  const reason = options.reason?.trim();
  if (!reason)
    throw new AppError("validation_failed", {
      errors: [{ path: "body.reason", message: "required" }],
      detail: { vi: "Cần ghi lý do từ chối.", en: "A refusal needs a reason." },
    });
  const { row, amendment } = await pendingRequest(ctx.db, actor, options);
  const status = await sealStatus(ctx, { document: row, code: "16", description: reason, actor });
  return decide(ctx, actor, options, { row, amendment, status, state: "refused", note: reason });
}

async function decide(
  ctx: ModuleContext & { blobs?: BlobStore },
  actor: Actor,
  options: Decision,
  step: {
    row: DocumentRow;
    amendment: AmendmentRow;
    status: Awaited<ReturnType<typeof sealStatus>>;
    state: "agreed" | "refused";
    note: string | null;
  },
) {
  const blobs = ctx.blobs ?? blobStoreFor(ctx.config);
  const { amendment, status } = step;
  return inTransaction(ctx.db, async (trx) => {
    const copy = await readableDocument(trx, actor, step.row.id, { forUpdate: true });
    const decided = await decideAmendment(trx, amendment.id, {
      state: step.state,
      by: actor.kind === "user" ? actor.userId : null,
      byLabel: actor.kind === "user" ? actor.displayName : actorLabel(actor),
      note: step.note,
    });
    if (!decided) throw alreadyAnswered();
    let updated = copy;
    if (step.state === "agreed") updated = await applyAgreed(trx, actor, copy, amendment);
    else
      await recordEvent(trx, {
        documentId: copy.id,
        actor,
        action: amendment.kind === "revoke" ? "revoke_refused" : "update_refused",
        status: copy.status,
        note: step.note,
        details: { amendmentId: amendment.id, statusSent: "16" },
      });
    // One status per request: a document may be updated more than once.
    await queuePackage(trx, blobs, {
      organizationId: copy.organization_id,
      kind: "status",
      toCode: copy.sender_code!,
      xml: status.xml,
      idempotencyKey: `${copy.id}:${status.code}:${amendment.id}`,
      documentId: copy.id,
    });
    await recordAudit(trx, {
      action: `documents.${amendment.kind}_${step.state}`,
      actor,
      organizationId: copy.organization_id,
      targetType: "document",
      targetId: copy.id,
      ...options.requestMeta,
      details: { amendmentId: amendment.id, statusSent: status.code, note: step.note },
    });
    return { ...toSummary(updated), amendment: toAmendment(decided) };
  });
}

/**
 * A recipient answered (15 or 16) the request we sent on `document`: its answer is recorded, and
 * once every recipient asked has answered the request is settled — agreed when all agreed, and a
 * revoked document becomes `revoked`. Runs in the transaction recording the status.
 */
export async function recordAmendmentAnswer(
  trx: Db,
  options: { documentId: string; recipientCode: string; code: string; actor: Actor },
) {
  if (options.code !== "15" && options.code !== "16") return;
  const pending = await selectPendingSent(trx, options.documentId);
  if (!pending) return;
  const asked = (pending.recipients ?? []) as string[];
  if (!asked.includes(options.recipientCode)) return;
  const answers = {
    ...((pending.answers ?? {}) as Record<string, string>),
    [options.recipientCode]: options.code,
  };
  const complete = asked.every((code) => answers[code] !== undefined);
  const agreed = asked.every((code) => answers[code] === "15");
  const state = !complete ? "pending" : agreed ? "agreed" : "refused";
  await recordAnswers(trx, pending.id, answers, state);
  if (state === "pending") return;
  const document = (await selectDocument(trx, options.documentId, { forUpdate: true }))!;
  if (state === "agreed" && pending.kind === "revoke" && document.status === "issued") {
    await transition(trx, {
      row: document,
      actor: options.actor,
      from: ["issued"],
      to: "revoked",
      action: "revoked",
      note: pending.reason,
      details: { amendmentId: pending.id, answers },
      refusal: { vi: "Không thu hồi được văn bản.", en: "Cannot revoke the document." },
    });
    return;
  }
  await recordEvent(trx, {
    documentId: document.id,
    actor: options.actor,
    action: state === "agreed" ? `${pending.kind}_agreed` : `${pending.kind}_refused`,
    status: document.status,
    note: pending.reason,
    details: { amendmentId: pending.id, answers },
  });
}
