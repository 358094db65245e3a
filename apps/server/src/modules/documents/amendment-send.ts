import { buildEdoc, parseEdxml, type Bussiness, type Edoc } from "@lienthong/edxml";
import { hasRole, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { blobStoreFor, type BlobStore } from "../../core/blobs.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import { findOrganizationByCode, getOrganization, type Organization } from "../directory/index.ts";
import { sealPackage } from "./agency-signing.ts";
import {
  insertAmendment,
  selectIssuedPackage,
  selectPendingSent,
  type AmendmentChanges,
} from "./amendment-repo.ts";
import {
  readableDocument,
  recordEvent,
  searchTextOf,
  toSummary,
  type DocumentSummary,
} from "./documents.ts";
import {
  selectFile,
  selectRecipients,
  updateDocument,
  type DocumentRow,
  type RecipientRow,
} from "./documents-repo.ts";
import { inTransaction } from "./incoming-common.ts";
import { appendRecipientStatus } from "./incoming-repo.ts";
import { queuePackage } from "./outbound.ts";
import { sendToRecipients } from "./outgoing.ts";

const refuse = (vi: string, en: string) => new AppError("unprocessable", { detail: { vi, en } });
const conflict = () =>
  new AppError("conflict", {
    detail: {
      vi: "Văn bản vừa được người khác thay đổi; hãy tải lại.",
      en: "Someone else changed the document meanwhile; reload it.",
    },
  });

/**
 * An issued outgoing document of the actor's organization that a clerk or leader may revoke or
 * update: nothing else pending (recipients answer one request at a time).
 */
async function issuedDocument(ctx: ModuleContext, actor: Actor, documentId: string) {
  const row = await readableDocument(ctx.db, actor, documentId);
  if (row.direction !== "outgoing") throw new AppError("not_found");
  if (!hasRole(actor, "clerk", "leader"))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ văn thư hoặc lãnh đạo được thu hồi, cập nhật văn bản đã phát hành.",
        en: "Only a clerk or a leader revokes or updates an issued document.",
      },
    });
  if (row.status !== "issued" || !row.edxml_document_id)
    throw refuse(
      "Chỉ thu hồi, cập nhật được văn bản đã phát hành.",
      "Only an issued document can be revoked or updated.",
    );
  return row;
}

async function originalHeader(ctx: ModuleContext, blobs: BlobStore, row: DocumentRow) {
  const sent = await selectIssuedPackage(ctx.db, row.id);
  if (!sent) throw refuse("Văn bản chưa được gửi đi.", "The document was never sent.");
  const parsed = await parseEdxml({ input: (await blobs.read(sent.package_sha256)).toString() });
  if (parsed.kind !== "edoc") throw new Error(`document ${row.id}: queued package is not an edoc`);
  return parsed.edoc;
}

const reasonOf = (reason: string) => {
  const text = reason.trim();
  if (!text || text.length > 2000)
    throw new AppError("validation_failed", {
      errors: [{ path: "body.reason", message: "1 to 2000 characters" }],
      detail: {
        vi: "Cần ghi lý do (không quá 2000 ký tự).",
        en: "A reason is required, at most 2000 characters.",
      },
    });
  return text;
};

/** The header of a revoke or update package: the original's, addressed to `to`, with `bussiness`. */
function amendedHeader(
  original: Edoc,
  sender: Organization,
  to: RecipientRow[],
  bussiness: Bussiness,
): Edoc {
  return {
    ...original,
    to: to.map((r) => ({ organId: r.org_code!, organName: r.org_name })),
    toPlaces: to.map((r) => r.org_name.slice(0, 150)),
    traceHeaders: [{ organId: sender.code, timestamp: new Date() }],
    bussiness,
  };
}

type Sending = {
  ctx: ModuleContext;
  blobs: BlobStore;
  actor: Actor;
  row: DocumentRow;
  kind: "revoke" | "update";
  reason: string;
  changes: AmendmentChanges;
  to: RecipientRow[];
  xml: string;
  requestMeta: RequestMeta | undefined;
  /** Inside the transaction, before the request is recorded: the update's own changes. */
  apply?: (trx: ModuleContext["db"], row: DocumentRow) => Promise<DocumentRow>;
};

/** Records the request, queues the package once per recipient, and audits, in one transaction. */
async function send(step: Sending): Promise<DocumentSummary & { amendmentId: string }> {
  const { actor, row, kind } = step;
  const id = newId();
  return inTransaction(step.ctx.db, async (trx) => {
    const current = await readableDocument(trx, actor, row.id, { forUpdate: true });
    if (current.version !== row.version) throw conflict();
    if (await selectPendingSent(trx, row.id))
      throw refuse(
        "Văn bản đang chờ nơi nhận trả lời một yêu cầu thu hồi hoặc cập nhật trước.",
        "The recipients have not answered an earlier revoke or update request yet.",
      );
    let updated = current;
    if (step.apply) updated = await step.apply(trx, current);
    await insertAmendment(trx, {
      id,
      document_id: row.id,
      side: "sent",
      kind,
      reason: step.reason,
      changes: step.changes,
      recipients: step.to.map((r) => r.org_code),
      answers: {},
      replacement_id: null,
      package_sha256: null,
      created_by: actor.kind === "user" ? actor.userId : null,
    });
    // Whole seconds, as edXML timestamps carry: the answers (15, 16) then sort after it.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    for (const recipient of step.to) {
      await queuePackage(trx, step.blobs, {
        organizationId: row.organization_id,
        kind: "edoc",
        toCode: recipient.org_code!,
        xml: step.xml,
        idempotencyKey: `edoc:${row.edxml_document_id}:${recipient.org_code}:${kind}:${id}`,
        documentId: row.id,
      });
      // Status 13 (thu hồi) is the sender's own: the recipient's timeline shows it was asked.
      if (kind === "revoke")
        await appendRecipientStatus(trx, {
          id: newId(),
          recipientId: recipient.id,
          code: "13",
          description: step.reason,
          staff: actor.kind === "user" ? actor.displayName : null,
          at,
        });
    }
    await recordEvent(trx, {
      documentId: row.id,
      actor,
      action: kind === "revoke" ? "revoke_requested" : "update_requested",
      status: updated.status,
      note: step.reason,
      details: { amendmentId: id, recipients: step.to.map((r) => r.org_code), ...step.changes },
    });
    await recordAudit(trx, {
      action: kind === "revoke" ? "documents.revoke_requested" : "documents.update_requested",
      actor,
      ...step.requestMeta,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      details: { amendmentId: id, reason: step.reason, ...step.changes },
    });
    return { ...toSummary(updated), amendmentId: id };
  });
}

/**
 * The sender revokes an issued document (thu hồi, QCVN 102 BussinessDocType 1): every recipient
 * gets the original header again with the reason, sealed; each timeline shows 13. Decree 30
 * (art. 18) leaves the cancelling to the recipients, who answer 15 or 16; the document becomes
 * `revoked` once all agreed.
 */
export async function revokeDocument(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    reason: string;
    requestMeta?: RequestMeta | undefined;
  },
) {
  const actor = requireActor(options.actor);
  const blobs = blobStoreFor(ctx.config);
  const row = await issuedDocument(ctx, actor, options.documentId);
  const reason = reasonOf(options.reason);
  const sender = (await getOrganization({ db: ctx.db, id: row.organization_id }))!;
  const to = (await selectRecipients(ctx.db, row.id)).filter((r) => r.kind === "external");
  const original = await originalHeader(ctx, blobs, row);
  const edoc = amendedHeader(original, sender, to, {
    bussinessDocType: 1,
    bussinessDocReason: reason.slice(0, 500),
    documentId: row.edxml_document_id!,
    ...(actor.kind === "user" && { staffInfo: { staff: actor.displayName } }),
    replacementInfoList: [],
  });
  const xml = await sealPackage(ctx, await buildEdoc({ edoc }).text());
  return send({
    ctx,
    blobs,
    actor,
    row,
    kind: "revoke",
    reason,
    changes: {},
    to,
    xml,
    requestMeta: options.requestMeta,
  });
}

export type UpdateChanges = {
  subject?: string | undefined;
  dueDate?: string | null | undefined;
  addRecipients?: string[] | undefined;
  removeRecipients?: string[] | undefined;
};

async function checkRecipientChanges(
  ctx: ModuleContext,
  row: DocumentRow,
  current: RecipientRow[],
  changes: UpdateChanges,
) {
  const held = new Set(current.map((r) => r.org_code));
  const removed = [...new Set(changes.removeRecipients ?? [])];
  for (const code of removed)
    if (!held.has(code))
      throw refuse(
        `Cơ quan ${code} không phải nơi nhận của văn bản.`,
        `${code} is not a recipient of the document.`,
      );
  if (removed.length >= current.length)
    throw refuse(
      "Văn bản cần ít nhất một nơi nhận; hãy thu hồi nếu không còn gửi cho ai.",
      "A document keeps at least one recipient; revoke it instead.",
    );
  const added: Organization[] = [];
  for (const code of new Set(changes.addRecipients ?? [])) {
    const found = await findOrganizationByCode({ db: ctx.db, code });
    if (!found)
      throw refuse(
        `Không có cơ quan mã ${code} trong danh bạ (hoặc đã ngừng hoạt động).`,
        `No active organization with code ${code} in the directory.`,
      );
    if (found.id === row.organization_id || held.has(code))
      throw refuse(
        `Cơ quan ${code} đã là nơi nhận hoặc là cơ quan gửi.`,
        `${code} is already a recipient, or the sender itself.`,
      );
    added.push(found);
  }
  return { removed, added };
}

/**
 * The sender updates an issued document (cập nhật, BussinessDocType 2): a new subject or due date,
 * recipients added or removed (ReceiverList, ReceiverType 1 added, 0 removed). The current
 * recipients get the updated header with the reason and answer 15 or 16; an added recipient gets
 * the whole document, as at issue; a removed one cancels its copy when it agrees.
 */
export async function updateIssuedDocument(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    reason: string;
    changes: UpdateChanges;
    requestMeta?: RequestMeta | undefined;
  },
) {
  const actor = requireActor(options.actor);
  const blobs = blobStoreFor(ctx.config);
  const row = await issuedDocument(ctx, actor, options.documentId);
  const reason = reasonOf(options.reason);
  const { changes } = options;
  const subject = changes.subject?.trim();
  if (subject !== undefined && (subject === "" || subject.length > 500))
    throw new AppError("validation_failed", {
      errors: [{ path: "body.changes.subject", message: "1 to 500 characters" }],
      detail: {
        vi: "Trích yếu là bắt buộc và không quá 500 ký tự.",
        en: "The subject is required, at most 500 characters.",
      },
    });
  const current = (await selectRecipients(ctx.db, row.id)).filter((r) => r.kind === "external");
  const { removed, added } = await checkRecipientChanges(ctx, row, current, changes);
  const dueDate = changes.dueDate === undefined ? undefined : changes.dueDate;
  if (subject === undefined && dueDate === undefined && removed.length + added.length === 0)
    throw new AppError("validation_failed", {
      detail: { vi: "Không có gì để cập nhật.", en: "Nothing to update." },
    });
  const sender = (await getOrganization({ db: ctx.db, id: row.organization_id }))!;
  const original = await originalHeader(ctx, blobs, row);
  const header: Edoc = {
    ...original,
    ...(subject !== undefined && { subject }),
    ...(dueDate && { dueDate }),
  };
  if (dueDate === null) delete header.dueDate;
  const edoc = amendedHeader(header, sender, current, {
    bussinessDocType: 2,
    bussinessDocReason: reason.slice(0, 500),
    documentId: row.edxml_document_id!,
    ...(actor.kind === "user" && { staffInfo: { staff: actor.displayName } }),
    bussinessDocumentInfo: {
      receiverList: [
        ...added.map((o) => ({ organId: o.code, receiverType: 1 as const })),
        ...removed.map((code) => ({ organId: code, receiverType: 0 as const })),
      ],
    },
    replacementInfoList: [],
  });
  const xml = await sealPackage(ctx, await buildEdoc({ edoc }).text());
  // The added recipients receive the document itself, with the updated header.
  let full: string | undefined;
  if (added.length > 0) {
    const file = (await selectFile(ctx.db, row.id, row.main_file_id!))!;
    full = await sealPackage(
      ctx,
      await buildEdoc({
        edoc: {
          ...header,
          to: added.map((o) => ({ organId: o.code, organName: o.name })),
          toPlaces: added.map((o) => o.name.slice(0, 150)),
          traceHeaders: [{ organId: sender.code, timestamp: new Date() }],
        },
        attachments: [
          {
            contentId: `cid:${file.sha256.slice(0, 32)}`,
            attachmentName: file.name,
            contentType: file.content_type,
            content: await blobs.read(file.sha256),
          },
        ],
      }).text(),
    );
  }
  const recorded: AmendmentChanges = {
    ...(subject !== undefined && { subject }),
    ...(dueDate !== undefined && { dueDate }),
    ...(added.length > 0 && { addRecipients: added.map((o) => o.code) }),
    ...(removed.length > 0 && { removeRecipients: removed }),
  };
  return send({
    ctx,
    blobs,
    actor,
    row,
    kind: "update",
    reason,
    changes: recorded,
    to: current,
    xml,
    requestMeta: options.requestMeta,
    async apply(trx, locked) {
      await sendToRecipients(trx, blobs, {
        document: locked,
        edxmlDocumentId: locked.edxml_document_id!,
        organizations: added,
        xml: full!,
      });
      if (subject === undefined && dueDate === undefined) return locked;
      const newSubject = subject ?? locked.subject;
      const patched = await updateDocument(trx, locked.id, locked.version, {
        subject: newSubject,
        ...(dueDate !== undefined && { due_date: dueDate }),
        search_text: searchTextOf([
          newSubject,
          locked.summary,
          locked.symbol,
          String(locked.number),
        ]),
      });
      if (!patched) throw conflict();
      return patched;
    },
  });
}
