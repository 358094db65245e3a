import { requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { blobStoreFor, type BlobStore } from "../../core/blobs.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, isAppError, type Bilingual } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { markReplacedCopies } from "./amendment-receive.ts";
import { toSummary, transition, type DocumentSummary } from "./documents.ts";
import type { DocumentRow } from "./documents-repo.ts";
import { incomingDocument, requireClerk, requireHandler } from "./incoming-access.ts";
import type { Indication, SignatureSummary } from "./incoming-checks.ts";
import { inTransaction, vietnamToday } from "./incoming-common.ts";
import { selectValidations } from "./incoming-repo.ts";
import { queueStatuses, sealStatus } from "./incoming-status.ts";
import { createRegister, listRegisters, registerEntry, type Register } from "./registers.ts";

type ActionContext = ModuleContext & { blobs?: BlobStore };

/** The platform acting on its own (creating the year's incoming register when there is none). */
const SYSTEM: Actor = { kind: "system", name: "documents" };

export type ValidationView = {
  target: "package" | "pdf";
  fileId: string | null;
  name: string;
  indication: Indication;
  subIndication: string | null;
  signatures: SignatureSummary[];
  messages: Bilingual[];
  validatedAt: string;
};

/** The signature checks made when the document arrived, for the signature panel. */
export async function getValidation(options: {
  db: Db;
  actor: Actor | null;
  id: string;
}): Promise<{ items: ValidationView[] }> {
  const { row } = await incomingDocument(options.db, options.actor, options.id);
  const rows = await selectValidations(options.db, row.id);
  return {
    items: rows.map((r) => ({
      target: r.target,
      fileId: r.file_id,
      name: r.name,
      indication: r.indication,
      subIndication: r.sub_indication,
      signatures: r.signatures as SignatureSummary[],
      messages: r.messages as Bilingual[],
      validatedAt: new Date(r.validated_at).toISOString(),
    })),
  };
}

const required = (text: string | undefined, path: string, detail: Bilingual) => {
  const value = text?.trim();
  if (!value)
    throw new AppError("validation_failed", { detail, errors: [{ path, message: "required" }] });
  return value;
};

/**
 * The organization's open ordinary incoming register (sổ văn bản đến) of the year, made by the
 * platform when the year has none yet, so the first document of January is registered without
 * waiting for someone to open the book. A register closed for the year is not reopened here.
 */
async function incomingRegister(db: Db, organizationId: string, year: number): Promise<Register> {
  const registers = await listRegisters({
    db,
    actor: SYSTEM,
    organizationId,
    year,
    direction: "incoming",
  });
  const ordinary = registers.filter((r) => r.kind === "ordinary");
  const open = ordinary.find((r) => r.status === "open");
  if (open) return open;
  if (ordinary.length > 0)
    throw new AppError("unprocessable", {
      detail: {
        vi: `Sổ văn bản đến năm ${year} đã khóa; hãy mở lại sổ để đăng ký.`,
        en: `The incoming register of ${year} is closed; reopen it to register documents.`,
      },
    });
  try {
    return await createRegister({
      db,
      actor: SYSTEM,
      input: {
        organizationId,
        direction: "incoming",
        year,
        kind: "ordinary",
        name: `Sổ văn bản đến ${year}`,
      },
    });
  } catch (error) {
    // Another acceptance opened it meanwhile (outside a transaction only: see acceptIncoming).
    if (isAppError(error) && error.code === "conflict" && !db.isTransaction)
      return incomingRegister(db, organizationId, year);
    throw error;
  }
}

/** The register form allows no "hỏa tốc hẹn giờ"; it is registered as hỏa tốc. */
const registerUrgency = (urgency: string) =>
  (urgency === "hoa_toc_hen_gio" ? "hoa_toc" : urgency) as
    "normal" | "khan" | "thuong_khan" | "hoa_toc";

/**
 * The clerk accepts an arrived document (Decree 30/2020, art. 22): it is registered in the
 * organization's incoming register of the year, keeping the sender's number and symbol and taking
 * the register's next number (số đến), and becomes `accepted`; the sender is told 03 (accepted,
 * registered) and 04 (awaiting assignment). All in one transaction, audited.
 */
export async function acceptIncoming(
  ctx: ActionContext,
  options: {
    actor: Actor | null;
    id: string;
    note?: string | undefined;
    requestMeta?: RequestMeta;
  },
): Promise<DocumentSummary & { registerId: string; registerNumber: number }> {
  const actor = requireActor(options.actor);
  const { row } = await incomingDocument(ctx.db, actor, options.id);
  requireClerk(actor, row);
  const statuses = [
    await sealStatus(ctx, { document: row, code: "03", actor }),
    await sealStatus(ctx, { document: row, code: "04", actor }),
  ];
  const blobs = ctx.blobs ?? blobStoreFor(ctx.config);
  const refusal = {
    vi: "Chỉ tiếp nhận được văn bản vừa đến.",
    en: "Only a document that has just arrived can be accepted.",
  };
  // The year's register is opened before the transaction: two first acceptances of the year at
  // once would otherwise both create it, and the loser's transaction could not go on.
  await incomingRegister(ctx.db, row.organization_id, Number(vietnamToday().slice(0, 4)));
  return inTransaction(ctx.db, async (trx) => {
    const today = vietnamToday();
    if (row.status !== "arrived") throw new AppError("unprocessable", { detail: refusal });
    const register = await incomingRegister(trx, row.organization_id, Number(today.slice(0, 4)));
    const entry = await registerEntry({
      db: trx,
      actor,
      registerId: register.id,
      input: {
        typeCode: row.type_code as Parameters<typeof registerEntry>[0]["input"]["typeCode"],
        symbol: row.symbol ?? row.edxml_document_id ?? "",
        documentDate: String(row.document_date).slice(0, 10),
        receivedOn: today,
        subject: row.subject.slice(0, 2000),
        signer: row.signer_name,
        counterpart: row.sender_name ?? row.sender_code,
        urgency: registerUrgency(row.urgency),
        confidentiality: "none",
        ...(options.note?.trim() ? { notes: options.note.trim().slice(0, 2000) } : {}),
      },
      ...(options.requestMeta ? { requestMeta: options.requestMeta } : {}),
    });
    const updated = await transition(trx, {
      row,
      actor,
      from: ["arrived"],
      to: "accepted",
      action: "accepted",
      note: options.note?.trim() || null,
      details: { registerId: register.id, registerNumber: entry.number, statusSent: ["03", "04"] },
      patch: { register_entry_id: entry.id },
      refusal,
    });
    await queueStatuses(trx, blobs, row, statuses);
    await markReplacedCopies(trx, { document: updated, actor });
    await recordAudit(trx, {
      action: "documents.incoming_accepted",
      actor,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      ...options.requestMeta,
      details: { registerId: register.id, registerNumber: entry.number, symbol: row.symbol },
    });
    return { ...toSummary(updated), registerId: register.id, registerNumber: entry.number };
  });
}

/**
 * The clerk returns a document that cannot be taken in — misaddressed, incomplete, illegible
 * (Decree 30/2020, art. 21) — with the reason, which goes to the sender in status 02.
 */
export async function rejectIncoming(
  ctx: ActionContext,
  options: {
    actor: Actor | null;
    id: string;
    reason: string | undefined;
    requestMeta?: RequestMeta;
  },
): Promise<DocumentSummary> {
  const actor = requireActor(options.actor);
  const { row } = await incomingDocument(ctx.db, actor, options.id);
  requireClerk(actor, row);
  const reason = required(options.reason, "body.reason", {
    vi: "Cần ghi lý do từ chối.",
    en: "A rejection needs a reason.",
  });
  const status = await sealStatus(ctx, { document: row, code: "02", description: reason, actor });
  return settle(ctx, {
    row,
    actor,
    from: ["arrived"],
    to: "rejected",
    action: "rejected",
    note: reason,
    status,
    audit: "documents.incoming_rejected",
    requestMeta: options.requestMeta,
    refusal: {
      vi: "Chỉ từ chối được văn bản vừa đến.",
      en: "Only a document that has just arrived can be rejected.",
    },
  });
}

/** A handler (or a leader) reports the document handled, with a note; the sender is told 06. */
export async function completeIncoming(
  ctx: ActionContext,
  options: { actor: Actor | null; id: string; note: string | undefined; requestMeta?: RequestMeta },
): Promise<DocumentSummary> {
  const actor = requireActor(options.actor);
  const { row, assignment } = await incomingDocument(ctx.db, actor, options.id);
  requireHandler(actor, row, assignment);
  const note = required(options.note, "body.note", {
    vi: "Cần ghi kết quả xử lý.",
    en: "Completing needs a note of what was done.",
  });
  const status = await sealStatus(ctx, { document: row, code: "06", actor });
  return settle(ctx, {
    row,
    actor,
    from: ["assigned", "in_progress"],
    to: "done",
    action: "completed",
    note,
    status,
    audit: "documents.incoming_completed",
    requestMeta: options.requestMeta,
    refusal: {
      vi: "Chỉ hoàn thành được văn bản đã phân công xử lý.",
      en: "Only an assigned document can be completed.",
    },
  });
}

/** A transition that tells the sender: the state change, the queued status and the audit entry. */
async function settle(
  ctx: ActionContext,
  step: {
    row: DocumentRow;
    actor: Actor;
    from: Parameters<typeof transition>[1]["from"];
    to: Parameters<typeof transition>[1]["to"];
    action: string;
    note: string;
    status: Awaited<ReturnType<typeof sealStatus>>;
    audit: string;
    requestMeta: RequestMeta | undefined;
    refusal: Bilingual;
  },
): Promise<DocumentSummary> {
  const blobs = ctx.blobs ?? blobStoreFor(ctx.config);
  return inTransaction(ctx.db, async (trx) => {
    const updated = await transition(trx, {
      row: step.row,
      actor: step.actor,
      from: step.from,
      to: step.to,
      action: step.action,
      note: step.note,
      details: { statusSent: step.status.code },
      refusal: step.refusal,
    });
    await queueStatuses(trx, blobs, step.row, [step.status]);
    await recordAudit(trx, {
      action: step.audit,
      actor: step.actor,
      organizationId: step.row.organization_id,
      targetType: "document",
      targetId: step.row.id,
      ...step.requestMeta,
      details: { note: step.note, statusSent: step.status.code },
    });
    return toSummary(updated);
  });
}
