import { STATUS_CODES, type Status } from "@lienthong/edxml";
import { actorLabel } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { newId } from "../../core/ids.ts";
import { findOrganizationByCode } from "../directory/index.ts";
import { recordAmendmentAnswer } from "./amendment-decide.ts";
import { recordEvent } from "./documents.ts";
import { selectDocumentByEdxmlId } from "./documents-repo.ts";
import type { Arrival, ReceiveOutcome } from "./incoming.ts";
import type { CheckResult } from "./incoming-checks.ts";
import { inTransaction } from "./incoming-common.ts";
import {
  appendRecipientStatus,
  hasRecipientStatus,
  insertReceipt,
  selectExternalRecipient,
} from "./incoming-repo.ts";

/**
 * A status message from a recipient of one of our outgoing documents (đã đến, đã tiếp nhận, từ
 * chối, đã phân công, đã xử lý xong …): appended to that recipient's timeline and made its current
 * status, so the sending organization tracks each document to each recipient (Decree 30, art. 4).
 * A status must be signed and trusted, about a document we sent, from an agency we sent it to;
 * otherwise it is refused. The same status received twice is recorded once.
 */
export async function receiveStatusReport(
  arrival: Arrival,
  status: Status,
  packageCheck: CheckResult,
): Promise<ReceiveOutcome> {
  const { ctx, actor } = arrival;
  const facts = {
    kind: "status" as const,
    from: status.from.organId,
    documentId: status.responseFor.documentId,
  };
  // Revocation out of reach (TRY_LATER) does not hold a status back: it changes nothing of ours.
  const trusted =
    packageCheck.indication === "TOTAL_PASSED" || packageCheck.subIndication === "TRY_LATER";
  if (!trusted) {
    const why = packageCheck.messages[0];
    await arrival.refuse(
      {
        vi: `Chữ ký số của thông điệp trạng thái không hợp lệ${why ? `: ${why.vi}` : ""}.`,
        en: `The status message's digital signature is not valid${why ? `: ${why.en}` : ""}.`,
      },
      facts,
    );
  }
  const unknown = () =>
    arrival.refuse(
      {
        vi: `Không có văn bản đi ${status.responseFor.documentId} gửi tới ${status.from.organId}.`,
        en: `No outgoing document ${status.responseFor.documentId} was sent to ${status.from.organId}.`,
      },
      facts,
    );
  const ours = await findOrganizationByCode({ db: ctx.db, code: status.responseFor.organId });
  const platformWide = actor.kind === "system" || actor.roles.includes("system_admin");
  if (!ours || (!platformWide && actor.organizationId !== ours.id)) return unknown();
  const document = await selectDocumentByEdxmlId(
    ctx.db,
    ours.id,
    "outgoing",
    status.responseFor.documentId,
  );
  if (!document) return unknown();
  const recipient = await selectExternalRecipient(ctx.db, document.id, status.from.organId);
  if (!recipient) return unknown();

  const receipt = (outcome: "status_recorded" | "duplicate") => ({
    id: newId(),
    package_sha256: arrival.pkg.sha256,
    package_size: arrival.pkg.size,
    via: arrival.via,
    kind: "status" as const,
    from_code: status.from.organId,
    edxml_document_id: status.responseFor.documentId,
    outcome,
    reason: null,
    document_ids: [document.id],
    received_by: actor.kind === "user" ? actor.userId : null,
    received_by_label: actorLabel(actor),
  });
  const answer = (outcome: "status_recorded" | "duplicate", receiptId: string): ReceiveOutcome => ({
    kind: "status",
    outcome,
    receiptId,
    edxmlDocumentId: status.responseFor.documentId,
    documentId: document.id,
    recipientId: recipient.id,
    statusCode: status.statusCode,
  });

  return inTransaction(ctx.db, async (trx) => {
    if (
      await hasRecipientStatus(trx, recipient.id, { code: status.statusCode, at: status.timestamp })
    ) {
      const row = receipt("duplicate");
      await insertReceipt(trx, row);
      return answer("duplicate", row.id);
    }
    const known = STATUS_CODES[status.statusCode];
    await appendRecipientStatus(trx, {
      id: newId(),
      recipientId: recipient.id,
      code: status.statusCode,
      description: status.description ?? null,
      staff: status.staffInfo?.staff ?? null,
      at: status.timestamp,
    });
    await recordEvent(trx, {
      documentId: document.id,
      actor,
      action: "recipient_status",
      status: document.status,
      note: `${recipient.org_name}: ${status.statusCode} — ${known.vi}${status.description ? ` (${status.description})` : ""}`,
      details: {
        recipient: status.from.organId,
        code: status.statusCode,
        description: status.description ?? null,
        at: status.timestamp.toISOString(),
        packageSha256: arrival.pkg.sha256,
      },
    });
    // A 15 or 16 answers the revoke or update we asked for.
    await recordAmendmentAnswer(trx, {
      documentId: document.id,
      recipientCode: status.from.organId,
      code: status.statusCode,
      actor,
    });
    await recordAudit(trx, {
      action: "documents.recipient_status_received",
      actor,
      organizationId: document.organization_id,
      targetType: "document",
      targetId: document.id,
      details: { recipient: status.from.organId, code: status.statusCode, via: arrival.via },
    });
    const row = receipt("status_recorded");
    await insertReceipt(trx, row);
    return answer("status_recorded", row.id);
  });
}
