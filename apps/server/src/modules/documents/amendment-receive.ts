import type { Edoc } from "@lienthong/edxml";
import { actorLabel, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { newId } from "../../core/ids.ts";
import {
  insertAmendment,
  selectAmendmentByPackage,
  selectPendingReplacements,
  decideAmendment,
  type AmendmentChanges,
} from "./amendment-repo.ts";
import { recordEvent, transition, type DocumentStatus } from "./documents.ts";
import { selectDocument, selectDocumentByEdxmlId, type DocumentRow } from "./documents-repo.ts";
import type { Arrival, ReceiveOutcome } from "./incoming.ts";
import type { CheckResult } from "./incoming-checks.ts";
import { inTransaction, isUniqueViolation } from "./incoming-common.ts";
import { addressees } from "./incoming-edoc.ts";
import { insertLink, insertReceipt } from "./incoming-repo.ts";

/** A copy in these states is no longer ours to change: it was cancelled or superseded. */
export const CLOSED_COPY: readonly DocumentStatus[] = ["revoked", "replaced"];

/** What a type-2 package changes on `copy`, read from the updated header and its ReceiverList. */
function updateChanges(edoc: Edoc, copy: DocumentRow, ourCode: string): AmendmentChanges {
  const receivers = edoc.bussiness?.bussinessDocumentInfo?.receiverList ?? [];
  const due = edoc.dueDate ?? null;
  const currentDue = copy.due_date === null ? null : String(copy.due_date).slice(0, 10);
  return {
    ...(edoc.subject !== copy.subject && { subject: edoc.subject }),
    ...(due !== currentDue && { dueDate: due }),
    ...(receivers.some((r) => r.organId === ourCode && r.receiverType === 0) && {
      removesUs: true,
    }),
  };
}

/**
 * A revoke (BussinessDocType 1) or update (2) package from the sender of a document we received:
 * recorded as a pending request on each addressed organization's copy, for its clerk to agree
 * (15) or refuse (16) — Decree 30 (art. 18) has the recipient cancel a revoked document itself.
 * The package must be signed and trusted, from the copy's own sender; a DocumentId we never
 * received is refused with a receipt. The same package delivered again changes nothing.
 */
export async function receiveAmendment(
  arrival: Arrival,
  input: { edoc: Edoc; packageCheck: CheckResult },
): Promise<ReceiveOutcome> {
  const { ctx, actor, pkg } = arrival;
  const { edoc, packageCheck } = input;
  const business = edoc.bussiness!;
  const kind = business.bussinessDocType === 1 ? "revoke" : "update";
  const target = business.documentId ?? edoc.documentId;
  const facts = { kind: "edoc" as const, from: edoc.from.organId, documentId: target };
  const label =
    kind === "revoke" ? { vi: "thu hồi", en: "revoke" } : { vi: "cập nhật", en: "update" };
  const trusted =
    packageCheck.indication === "TOTAL_PASSED" || packageCheck.subIndication === "TRY_LATER";
  if (!trusted) {
    const why = packageCheck.messages[0];
    await arrival.refuse(
      {
        vi: `Chữ ký số của gói tin ${label.vi} văn bản không hợp lệ${why ? `: ${why.vi}` : ""}.`,
        en: `The ${label.en} package's digital signature is not valid${why ? `: ${why.en}` : ""}.`,
      },
      facts,
    );
  }
  const organizations = await addressees(arrival, edoc);
  const copies: { copy: DocumentRow; ourCode: string }[] = [];
  for (const organization of organizations) {
    const copy = await selectDocumentByEdxmlId(ctx.db, organization.id, "incoming", target);
    if (copy && copy.sender_code === edoc.from.organId)
      copies.push({ copy, ourCode: organization.code });
  }
  if (copies.length === 0)
    await arrival.refuse(
      {
        vi: `Yêu cầu ${label.vi} văn bản ${target} của ${edoc.from.organId}, nhưng cơ quan nhận chưa từng nhận văn bản này.`,
        en: `A request to ${label.en} ${target} from ${edoc.from.organId}, a document never received here.`,
      },
      facts,
    );
  const reason = business.bussinessDocReason ?? "";
  const receipt = (outcome: "arrived" | "duplicate") => ({
    id: newId(),
    package_sha256: pkg.sha256,
    package_size: pkg.size,
    via: arrival.via,
    kind: "edoc" as const,
    from_code: edoc.from.organId,
    edxml_document_id: target,
    outcome,
    reason: null,
    document_ids: copies.map((c) => c.copy.id),
    received_by: actor.kind === "user" ? actor.userId : null,
    received_by_label: actorLabel(actor),
  });
  const answer = (outcome: "arrived" | "duplicate", receiptId: string): ReceiveOutcome => ({
    kind: "edoc",
    outcome,
    receiptId,
    edxmlDocumentId: target,
    reason: null,
    warnings: [],
    documents: copies.map(({ copy }) => ({
      id: copy.id,
      organizationId: copy.organization_id,
      status: copy.status,
    })),
  });
  const duplicate = async () => {
    const row = receipt("duplicate");
    await insertReceipt(ctx.db, row);
    return answer("duplicate", row.id);
  };
  const fresh: typeof copies = [];
  for (const entry of copies)
    if (!(await selectAmendmentByPackage(ctx.db, entry.copy.id, pkg.sha256))) fresh.push(entry);
  if (fresh.length === 0) return duplicate();
  try {
    return await inTransaction(ctx.db, async (trx) => {
      for (const { copy, ourCode } of fresh) {
        const id = newId();
        const changes = kind === "update" ? updateChanges(edoc, copy, ourCode) : {};
        await insertAmendment(trx, {
          id,
          document_id: copy.id,
          side: "received",
          kind,
          reason,
          changes,
          recipients: [],
          answers: {},
          replacement_id: null,
          package_sha256: pkg.sha256,
          created_by: null,
        });
        await recordEvent(trx, {
          documentId: copy.id,
          actor,
          action: kind === "revoke" ? "revoke_received" : "update_received",
          status: copy.status,
          note: reason,
          details: { amendmentId: id, via: arrival.via, packageSha256: pkg.sha256, ...changes },
        });
        await recordAudit(trx, {
          action: kind === "revoke" ? "documents.revoke_received" : "documents.update_received",
          actor,
          organizationId: copy.organization_id,
          targetType: "document",
          targetId: copy.id,
          details: { amendmentId: id, from: edoc.from.organId, edxmlDocumentId: target },
        });
      }
      const row = receipt("arrived");
      await insertReceipt(trx, row);
      return answer("arrived", row.id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return duplicate();
    throw error;
  }
}

/**
 * A replacing document (BussinessDocType 3) just recorded as `document`: linked to each copy it
 * replaces (ReplacementInfoList) that this organization received from the same sender, with a
 * pending replacement on that copy, settled when the new document is accepted.
 */
export async function linkReplacedCopies(
  db: Db,
  options: { document: DocumentRow; edoc: Edoc; actor: Actor; packageSha256: string },
) {
  const { document, edoc, actor } = options;
  const reason = edoc.bussiness?.bussinessDocReason ?? "";
  for (const info of edoc.bussiness?.replacementInfoList ?? []) {
    const old = await selectDocumentByEdxmlId(
      db,
      document.organization_id,
      "incoming",
      info.documentId,
    );
    if (!old || old.sender_code !== edoc.from.organId || old.id === document.id) continue;
    await insertLink(db, {
      document_id: document.id,
      related_id: old.id,
      note: `Thay thế văn bản ${old.symbol ?? info.documentId}`,
      created_by: null,
    });
    const id = newId();
    await insertAmendment(db, {
      id,
      document_id: old.id,
      side: "received",
      kind: "replace",
      reason,
      changes: {},
      recipients: [],
      answers: {},
      replacement_id: document.id,
      package_sha256: options.packageSha256,
      created_by: null,
    });
    await recordEvent(db, {
      documentId: old.id,
      actor,
      action: "replacement_received",
      status: old.status,
      note: reason || null,
      details: { amendmentId: id, replacementId: document.id, symbol: document.symbol },
    });
  }
}

/**
 * The clerk accepted `document`: every copy it replaces becomes `replaced` (and leaves the open
 * lists), in the accepting transaction.
 */
export async function markReplacedCopies(db: Db, options: { document: DocumentRow; actor: Actor }) {
  const { document, actor } = options;
  for (const pending of await selectPendingReplacements(db, document.id)) {
    const old = await selectDocument(db, pending.document_id, { forUpdate: true });
    await decideAmendment(db, pending.id, {
      state: "agreed",
      by: actor.kind === "user" ? actor.userId : null,
      byLabel: actor.kind === "user" ? actor.displayName : actorLabel(actor),
      note: null,
    });
    if (!old || CLOSED_COPY.includes(old.status as DocumentStatus)) continue;
    await transition(db, {
      row: old,
      actor,
      from: [old.status as DocumentStatus],
      to: "replaced",
      action: "replaced",
      note: `Được thay thế bởi văn bản ${document.symbol ?? document.edxml_document_id}`,
      details: { amendmentId: pending.id, replacementId: document.id },
      refusal: { vi: "Không thay thế được văn bản.", en: "Cannot mark the document replaced." },
    });
  }
}
