import type { Bussiness } from "@lienthong/edxml";
import type { Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { isUuid, newId } from "../../core/ids.ts";
import { insertAmendment } from "./amendment-repo.ts";
import { readableDocument, transition } from "./documents.ts";
import { selectRecipients, type DocumentRow } from "./documents-repo.ts";
import { insertLink } from "./incoming-repo.ts";

/** Which earlier document of ours an issued document replaces, and why. */
export type Replaces = { documentId: string; reason: string };

const refuse = (vi: string, en: string) =>
  new AppError("unprocessable", {
    errors: [{ path: "body.replaces", message: en }],
    detail: { vi, en },
  });

/**
 * The document `replaces` names, checked before anything is built: an issued outgoing document of
 * the same organization. Gives the package's Bussiness (type 3, ReplacementInfoList naming the old
 * DocumentId and the agencies that received it).
 */
export async function replacedDocument(
  db: Db,
  actor: Actor,
  document: DocumentRow,
  replaces: Replaces,
): Promise<{ old: DocumentRow; reason: string; bussiness: Bussiness }> {
  const reason = replaces.reason.trim();
  if (!reason) throw refuse("Cần ghi lý do thay thế.", "A replacement needs a reason.");
  if (!isUuid(replaces.documentId) || replaces.documentId === document.id)
    throw refuse("Văn bản bị thay thế không hợp lệ.", "The replaced document is not valid.");
  const old = await readableDocument(db, actor, replaces.documentId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") return undefined;
    throw error;
  });
  if (
    !old ||
    old.direction !== "outgoing" ||
    old.organization_id !== document.organization_id ||
    old.status !== "issued" ||
    !old.edxml_document_id
  )
    throw refuse(
      "Chỉ thay thế được văn bản đi đã phát hành của cơ quan.",
      "Only an issued outgoing document of the organization can be replaced.",
    );
  const recipients = (await selectRecipients(db, old.id)).filter((r) => r.kind === "external");
  return {
    old,
    reason,
    bussiness: {
      bussinessDocType: 3,
      bussinessDocReason: reason.slice(0, 500),
      ...(actor.kind === "user" && { staffInfo: { staff: actor.displayName } }),
      replacementInfoList: [
        { documentId: old.edxml_document_id, organIdList: recipients.map((r) => r.org_code!) },
      ],
    },
  };
}

/**
 * In the issuing transaction: the old document becomes `replaced`, linked to the new one, and the
 * replacement is recorded on it, audited.
 */
export async function recordReplacement(
  trx: Db,
  options: {
    actor: Actor;
    document: DocumentRow;
    old: DocumentRow;
    reason: string;
    requestMeta?: RequestMeta | undefined;
  },
) {
  const { actor, document } = options;
  const old = await readableDocument(trx, actor, options.old.id, { forUpdate: true });
  await transition(trx, {
    row: old,
    actor,
    from: ["issued"],
    to: "replaced",
    action: "replaced",
    note: options.reason,
    details: { replacementId: document.id, symbol: document.symbol },
    refusal: {
      vi: "Văn bản bị thay thế không còn ở trạng thái đã phát hành.",
      en: "The replaced document is no longer issued.",
    },
  });
  await insertAmendment(trx, {
    id: newId(),
    document_id: old.id,
    side: "sent",
    kind: "replace",
    reason: options.reason,
    changes: {},
    recipients: [],
    answers: {},
    replacement_id: document.id,
    package_sha256: null,
    state: "agreed",
    created_by: actor.kind === "user" ? actor.userId : null,
  });
  await insertLink(trx, {
    document_id: document.id,
    related_id: old.id,
    note: `Thay thế văn bản ${old.symbol ?? old.edxml_document_id}`,
    created_by: actor.kind === "user" ? actor.userId : null,
  });
  await recordAudit(trx, {
    action: "documents.replaced",
    actor,
    ...options.requestMeta,
    organizationId: old.organization_id,
    targetType: "document",
    targetId: old.id,
    details: { replacementId: document.id, reason: options.reason },
  });
}
