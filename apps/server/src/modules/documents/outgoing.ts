import { buildEdoc, type Priority } from "@lienthong/edxml";
import { defaultSealRect, signPdf, type Rect, type VisibleSignature } from "@lienthong/pki";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Actor } from "../../core/actor.ts";
import { hasRole, requireActor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { blobStoreFor, type BlobStore } from "../../core/blobs.ts";
import type { Db } from "../../core/db/index.ts";
import { inTransaction } from "../../core/db/transaction.ts";
import { vietnamToday } from "../../core/dates.ts";
import { AppError, isAppError, type Bilingual } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { findOrganizationByCode, getOrganization, type Organization } from "../directory/index.ts";
import {
  agencySealSigner,
  demoLeaderSigner,
  platformTimestamps,
  sealPackage,
} from "./agency-signing.ts";
import { recordReplacement, replacedDocument, type Replaces } from "./amendment-replace.ts";
import { DOCUMENT_TYPES, isDocumentTypeCode } from "./document-types.ts";
import {
  insertDocument,
  insertRecipients,
  selectFile,
  selectLastEvent,
  type DocumentRow,
  type FileRow,
} from "./documents-repo.ts";
import {
  attachFile,
  CONFIDENTIALITIES,
  isoDay,
  readableDocument,
  recordEvent,
  searchTextOf,
  toSummary,
  transition,
  URGENCIES,
  type Confidentiality,
  type DocumentFile,
  type DocumentSummary,
  type Urgency,
} from "./documents.ts";
import { queuePackage } from "./outbound.ts";
import { selectOpenRegisterId } from "./outgoing-repo.ts";
import { createRegister, registerEntry } from "./registers.ts";

/** Largest draft a person may upload (PDF or DOCX). */
export const MAX_DRAFT_BYTES = 50 * 1024 * 1024;
const PDF_TYPE = "application/pdf";
export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const SECRET_REFUSAL: Bilingual = {
  vi: "Văn bản mật (Mật, Tối mật, Tuyệt mật) chỉ được đăng ký thông tin; văn bản giấy được xử lý ngoài hệ thống và không được gửi qua mạng.",
  en: "Secret documents (Mật, Tối mật, Tuyệt mật) are registered as metadata only; the paper is handled outside the system and never sent electronically.",
};

function requireOwnOrganization(actor: Actor, organizationId: string) {
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return;
  if (actor.organizationId !== organizationId) throw new AppError("not_found");
}

function requireRoleFor(actor: Actor, roles: Parameters<typeof hasRole>[1][], what: Bilingual) {
  if (!hasRole(actor, ...roles)) throw new AppError("forbidden", { detail: what });
}

const isSecret = (row: DocumentRow) => row.confidentiality !== "none";

/**
 * The document a clerk's step acts on, read before the step's slow work (signing, building the
 * package): refused to others than clerks, when secret, or when not at `status` with a file.
 */
async function clerkStep(
  ctx: ModuleContext,
  actor: Actor,
  documentId: string,
  step: { status: DocumentRow["status"]; who: Bilingual; when: Bilingual },
): Promise<DocumentRow & { main_file_id: string }> {
  const probe = await readableDocument(ctx.db, actor, documentId);
  requireRoleFor(actor, ["clerk"], step.who);
  if (isSecret(probe)) throw new AppError("unprocessable", { detail: SECRET_REFUSAL });
  if (probe.status !== step.status || !probe.main_file_id)
    throw new AppError("unprocessable", { detail: step.when });
  return probe as DocumentRow & { main_file_id: string };
}

/**
 * Locks the document for the write that ends a step; 409 when it changed (another version or
 * file) since `probe` was read before the step's slow work.
 */
async function lockUnchanged(trx: Db, actor: Actor, probe: DocumentRow): Promise<DocumentRow> {
  const row = await readableDocument(trx, actor, probe.id, { forUpdate: true });
  if (row.main_file_id !== probe.main_file_id || row.version !== probe.version)
    throw new AppError("conflict", {
      detail: {
        vi: "Văn bản vừa được người khác thay đổi; hãy tải lại.",
        en: "Someone else changed the document meanwhile; reload it.",
      },
    });
  return row;
}

export type DraftInput = {
  typeCode: string;
  subject: string;
  summary?: string | undefined;
  urgency?: Urgency | undefined;
  confidentiality?: Confidentiality | undefined;
  draftingUnit?: string | undefined;
  dueDate?: string | undefined;
  signer?: { name?: string; position?: string; competence?: string } | undefined;
};

function checkDraft(input: DraftInput) {
  if (!isDocumentTypeCode(input.typeCode))
    throw new AppError("validation_failed", {
      errors: [{ path: "body.typeCode", message: "unknown document type" }],
      detail: {
        vi: `Loại văn bản không hợp lệ: ${input.typeCode}.`,
        en: `Unknown document type: ${input.typeCode}.`,
      },
    });
  const subject = input.subject.trim();
  if (subject === "" || subject.length > 500)
    throw new AppError("validation_failed", {
      errors: [{ path: "body.subject", message: "1 to 500 characters" }],
      detail: {
        vi: "Trích yếu là bắt buộc và không quá 500 ký tự.",
        en: "The subject is required, at most 500 characters.",
      },
    });
  if (input.urgency && !URGENCIES.includes(input.urgency))
    throw new AppError("validation_failed", {
      detail: { vi: "Độ khẩn không hợp lệ.", en: "Unknown urgency." },
    });
  if (input.confidentiality && !CONFIDENTIALITIES.includes(input.confidentiality))
    throw new AppError("validation_failed", {
      detail: { vi: "Độ mật không hợp lệ.", en: "Unknown confidentiality." },
    });
  if (input.dueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate))
    throw new AppError("validation_failed", {
      detail: { vi: "Hạn xử lý phải có dạng YYYY-MM-DD.", en: "The due date must be YYYY-MM-DD." },
    });
  if (input.draftingUnit !== undefined && !/^[\p{Lu}\p{N}]{1,12}$/u.test(input.draftingUnit))
    throw new AppError("validation_failed", {
      detail: {
        vi: "Đơn vị soạn thảo là chữ viết tắt in hoa, ví dụ VP hoặc TCBC.",
        en: "The drafting unit is an upper-case abbreviation such as VP or TCBC.",
      },
    });
  return subject;
}

/** A person of the organization starts an outgoing document (dự thảo). */
export async function createDraft(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    organizationId?: string | undefined;
    input: DraftInput;
    requestMeta?: RequestMeta | undefined;
  },
): Promise<DocumentSummary> {
  const actor = requireActor(options.actor);
  const organizationId =
    options.organizationId ?? (actor.kind === "user" ? actor.organizationId : undefined);
  if (!organizationId)
    throw new AppError("validation_failed", {
      detail: { vi: "Cần chọn cơ quan.", en: "An organization is required." },
    });
  requireOwnOrganization(actor, organizationId);
  requireRoleFor(actor, ["specialist", "clerk", "leader", "org_admin"], {
    vi: "Chỉ cán bộ của cơ quan được soạn văn bản.",
    en: "Only the organization's staff draft documents.",
  });
  const { input } = options;
  const subject = checkDraft(input);
  return inTransaction(ctx.db, async (trx) => {
    const id = newId();
    const row = {
      id,
      organization_id: organizationId,
      direction: "outgoing" as const,
      status: "draft",
      type_code: input.typeCode,
      subject,
      summary: input.summary?.trim() || null,
      urgency: input.urgency ?? "normal",
      confidentiality: input.confidentiality ?? "none",
      drafting_unit: input.draftingUnit ?? null,
      signer_name: input.signer?.name ?? null,
      signer_position: input.signer?.position ?? null,
      signer_competence: input.signer?.competence ?? null,
      number: null,
      symbol: null,
      document_date: null,
      register_entry_id: null,
      edxml_document_id: null,
      sender_code: null,
      sender_name: null,
      due_date: input.dueDate ?? null,
      main_file_id: null,
      search_text: searchTextOf([subject, input.summary]),
      created_by: actor.kind === "user" ? actor.userId : null,
    };
    await insertDocument(trx, row);
    await recordEvent(trx, { documentId: id, actor, action: "drafted", status: "draft" });
    await recordAudit(trx, {
      action: "documents.draft_created",
      actor,
      ...options.requestMeta,
      organizationId,
      targetType: "document",
      targetId: id,
      details: { typeCode: input.typeCode, confidentiality: row.confidentiality },
    });
    return toSummary((await readableDocument(trx, actor, id)) as DocumentRow);
  });
}

async function collect(source: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > limit)
      throw new AppError("payload_too_large", {
        detail: {
          vi: `Tệp vượt quá ${limit / 1024 / 1024} MB.`,
          en: `The file is larger than ${limit / 1024 / 1024} MB.`,
        },
      });
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The LibreOffice executable when installed (`soffice` on PATH), else undefined. */
export function findLibreOffice(env = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    for (const name of ["soffice", "libreoffice"]) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

async function convertDocx(docx: Buffer): Promise<Buffer> {
  const soffice = findLibreOffice();
  if (!soffice)
    throw new AppError("unprocessable", {
      detail: {
        vi: "Máy chủ chưa cài LibreOffice nên không chuyển được DOCX sang PDF. Hãy tải lên bản PDF, hoặc nhờ quản trị cài gói libreoffice-writer.",
        en: "LibreOffice is not installed on the server, so DOCX cannot be converted to PDF. Upload a PDF, or ask the administrator to install libreoffice-writer.",
      },
    });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lienthong-docx-"));
  try {
    fs.writeFileSync(path.join(dir, "draft.docx"), docx);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        soffice,
        [
          "--headless",
          "--norestore",
          `-env:UserInstallation=file://${dir}/profile`,
          "--convert-to",
          "pdf",
          "--outdir",
          dir,
          path.join(dir, "draft.docx"),
        ],
        { stdio: "ignore" },
      );
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      child.on("error", reject);
      child.on("exit", (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`soffice exited with ${code}`));
      });
    });
    return fs.readFileSync(path.join(dir, "draft.pdf"));
  } catch (cause) {
    throw new AppError("unprocessable", {
      cause,
      detail: {
        vi: "LibreOffice không chuyển được tệp DOCX này sang PDF.",
        en: "LibreOffice could not convert this DOCX file to PDF.",
      },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Uploads the draft's content: a PDF as it is, or a DOCX converted to PDF by LibreOffice when the
 * server has it. Allowed while the document is a draft or returned for changes, by the person who
 * drafted it or the organization's clerks.
 */
export async function uploadDraftFile(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    requestMeta?: RequestMeta | undefined;
    name: string;
    contentType: string;
    source: AsyncIterable<Uint8Array>;
  },
): Promise<DocumentFile> {
  const actor = requireActor(options.actor);
  const probe = await readableDocument(ctx.db, actor, options.documentId);
  if (probe.direction !== "outgoing") throw new AppError("not_found");
  if (isSecret(probe)) throw new AppError("unprocessable", { detail: SECRET_REFUSAL });
  const isCreator = actor.kind === "user" && probe.created_by === actor.userId;
  if (!isCreator)
    requireRoleFor(actor, ["clerk", "org_admin"], {
      vi: "Chỉ người soạn hoặc văn thư được thay tệp dự thảo.",
      en: "Only the drafter or a clerk replaces the draft's file.",
    });
  const type = options.contentType.split(";")[0]!.trim().toLowerCase();
  if (type !== PDF_TYPE && type !== DOCX_TYPE)
    throw new AppError("unsupported_media_type", {
      detail: {
        vi: "Dự thảo phải là tệp PDF hoặc DOCX.",
        en: "A draft must be a PDF or DOCX file.",
      },
    });
  const body = await collect(options.source, MAX_DRAFT_BYTES);
  let pdf = body;
  if (type === DOCX_TYPE) {
    if (body.subarray(0, 2).toString("latin1") !== "PK")
      throw new AppError("unprocessable", {
        detail: { vi: "Tệp không phải DOCX.", en: "The file is not a DOCX document." },
      });
    pdf = await convertDocx(body);
  }
  if (pdf.subarray(0, 5).toString("latin1") !== "%PDF-")
    throw new AppError("unprocessable", {
      detail: { vi: "Tệp không phải PDF.", en: "The file is not a PDF document." },
    });
  const name = type === DOCX_TYPE ? options.name.replace(/\.docx$/i, "") + ".pdf" : options.name;
  return inTransaction(ctx.db, async (trx) => {
    const row = await readableDocument(trx, actor, options.documentId, { forUpdate: true });
    const file = await attachFile(trx, blobStoreFor(ctx.config), {
      documentId: row.id,
      actor,
      role: "draft",
      name,
      contentType: PDF_TYPE,
      source: pdf,
    });
    await transition(trx, {
      row,
      actor,
      from: ["draft", "returned"],
      to: row.status as "draft" | "returned",
      action: "draft_uploaded",
      details: { fileId: file.id, sha256: file.sha256, converted: type === DOCX_TYPE },
      patch: { main_file_id: file.id },
      refusal: {
        vi: "Chỉ thay tệp khi văn bản còn là dự thảo hoặc bị trả lại.",
        en: "The file can only be replaced while the document is a draft or returned.",
      },
    });
    return file;
  });
}

/** The drafter (or a clerk) sends the draft to the leader for review. */
export async function submitForReview(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    requestMeta?: RequestMeta | undefined;
    note?: string | undefined;
  },
) {
  const actor = requireActor(options.actor);
  return inTransaction(ctx.db, async (trx) => {
    const row = await readableDocument(trx, actor, options.documentId, { forUpdate: true });
    if (row.direction !== "outgoing") throw new AppError("not_found");
    if (isSecret(row)) throw new AppError("unprocessable", { detail: SECRET_REFUSAL });
    if (!row.main_file_id)
      throw new AppError("unprocessable", {
        detail: {
          vi: "Hãy tải lên tệp dự thảo trước khi trình.",
          en: "Upload the draft's file before submitting it.",
        },
      });
    const updated = await transition(trx, {
      row,
      actor,
      from: ["draft", "returned"],
      to: "in_review",
      action: "submitted",
      note: options.note,
      refusal: {
        vi: "Chỉ trình được dự thảo hoặc văn bản bị trả lại.",
        en: "Only a draft or a returned document can be submitted.",
      },
    });
    return toSummary(updated);
  });
}

/** The leader returns the draft for changes, saying why. */
export async function returnDraft(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    requestMeta?: RequestMeta | undefined;
    note: string;
  },
) {
  const actor = requireActor(options.actor);
  if (options.note.trim() === "")
    throw new AppError("validation_failed", {
      detail: { vi: "Hãy ghi lý do trả lại.", en: "Say why the draft is returned." },
    });
  return inTransaction(ctx.db, async (trx) => {
    const row = await readableDocument(trx, actor, options.documentId, { forUpdate: true });
    requireRoleFor(actor, ["leader"], {
      vi: "Chỉ lãnh đạo được trả lại dự thảo.",
      en: "Only a leader returns a draft.",
    });
    const updated = await transition(trx, {
      row,
      actor,
      from: ["in_review"],
      to: "returned",
      action: "returned",
      note: options.note.trim(),
      refusal: {
        vi: "Văn bản không ở bước chờ duyệt.",
        en: "The document is not awaiting review.",
      },
    });
    return toSummary(updated);
  });
}

/** Where the leader's visible signature sits by default: the lower right of the last page. */
const DEFAULT_SIGNER_RECT: Rect = { x: 340, y: 110, width: 170, height: 64 };

async function lastPageOf(pdf: Uint8Array): Promise<number> {
  const { PDF } = await import("@libpdf/core");
  const doc = await PDF.load(pdf);
  return doc.getPageCount();
}

/**
 * The leader approves and signs: a PAdES B-T signature (timestamped by the platform's TSA) added
 * as an incremental update of the draft PDF, visible when the leader's handwritten signature
 * image is given. On a demo installation the server holds the leader's demo key; with a token the
 * external-signing flow applies instead.
 */
export async function approveAndSign(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    requestMeta?: RequestMeta | undefined;
    signer?: { name?: string; position?: string; competence?: string } | undefined;
    signatureImage?: Uint8Array | undefined;
    placement?: { page?: number; rect?: Rect } | undefined;
    note?: string | undefined;
  },
) {
  const actor = requireActor(options.actor);
  const review = await documentToSign(ctx, actor, options);
  const signed = await signPdf({
    pdf: review.pdf,
    signer: await demoLeaderSigner(ctx),
    level: "B-T",
    timestamp: platformTimestamps(ctx),
    reason: `Phê duyệt, ký ban hành: ${review.signerName}`,
    ...(review.visible && { visible: review.visible }),
  });
  return recordLeaderSignature(ctx, actor, review, signed, options);
}

/** What the leader signs: the document awaiting review, its draft PDF, and where the signature goes. */
export type DocumentToSign = {
  probe: DocumentRow;
  draft: FileRow;
  pdf: Uint8Array;
  page: number;
  rect: Rect;
  signerName: string;
  visible: VisibleSignature | undefined;
};

/** The document a leader may sign now (in review, with its draft) and the name to sign as. */
export async function documentInReview(
  ctx: ModuleContext,
  actor: Actor,
  options: { documentId: string; signer?: { name?: string } | undefined },
): Promise<Pick<DocumentToSign, "probe" | "draft" | "signerName">> {
  const probe = await readableDocument(ctx.db, actor, options.documentId);
  requireRoleFor(actor, ["leader"], {
    vi: "Chỉ lãnh đạo được duyệt và ký văn bản.",
    en: "Only a leader approves and signs.",
  });
  if (probe.status !== "in_review" || !probe.main_file_id)
    throw new AppError("unprocessable", {
      detail: { vi: "Văn bản không ở bước chờ duyệt.", en: "The document is not awaiting review." },
    });
  const draft = (await selectFile(ctx.db, probe.id, probe.main_file_id))!;
  const signerName =
    options.signer?.name ?? probe.signer_name ?? (actor.kind === "user" ? actor.displayName : "");
  return { probe, draft, signerName };
}

/** `documentInReview`, with the draft's PDF and where the signature goes on it. */
export async function documentToSign(
  ctx: ModuleContext,
  actor: Actor,
  options: {
    documentId: string;
    signer?: { name?: string } | undefined;
    signatureImage?: Uint8Array | undefined;
    placement?: { page?: number; rect?: Rect } | undefined;
  },
): Promise<DocumentToSign> {
  const review = await documentInReview(ctx, actor, options);
  const pdf = await blobStoreFor(ctx.config).read(review.draft.sha256);
  const page = options.placement?.page ?? (await lastPageOf(pdf));
  const rect = options.placement?.rect ?? DEFAULT_SIGNER_RECT;
  const visible: VisibleSignature | undefined = options.signatureImage && {
    page,
    rect,
    appearance: { kind: "image", image: options.signatureImage },
  };
  return { ...review, pdf: new Uint8Array(pdf), page, rect, visible };
}

/**
 * Stores the leader's signed PDF as the document's main file and moves it to `signed`, unless the
 * document changed since `review` was read (then 409 and nothing written).
 */
export async function recordLeaderSignature(
  ctx: ModuleContext,
  actor: Actor,
  review: Pick<DocumentToSign, "probe" | "draft" | "page" | "rect" | "signerName">,
  signed: Uint8Array,
  options: {
    documentId: string;
    requestMeta?: RequestMeta | undefined;
    signer?: { position?: string; competence?: string } | undefined;
    note?: string | undefined;
    details?: Record<string, unknown>;
  },
) {
  const { probe, draft, rect, page, signerName } = review;
  const blobs = blobStoreFor(ctx.config);
  return inTransaction(ctx.db, async (trx) => {
    const row = await lockUnchanged(trx, actor, probe);
    const file = await attachFile(trx, blobs, {
      documentId: row.id,
      actor,
      role: "signed",
      name: draft.name.replace(/\.pdf$/i, "") + ".signed.pdf",
      contentType: PDF_TYPE,
      source: signed,
    });
    const updated = await transition(trx, {
      row,
      actor,
      from: ["in_review"],
      to: "signed",
      action: "signed",
      note: options.note,
      details: { fileId: file.id, sha256: file.sha256, signerRect: rect, page, ...options.details },
      patch: {
        main_file_id: file.id,
        signer_name: signerName || null,
        signer_position: options.signer?.position ?? row.signer_position,
        signer_competence: options.signer?.competence ?? row.signer_competence,
      },
      refusal: {
        vi: "Văn bản không ở bước chờ duyệt.",
        en: "The document is not awaiting review.",
      },
    });
    await recordAudit(trx, {
      action: "documents.signed",
      actor,
      ...options.requestMeta,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      details: { sha256: file.sha256, ...options.details },
    });
    return toSummary(updated);
  });
}

/** The organization's open outgoing register of the year (ordinary or secret), opened when missing. */
async function outgoingRegisterId(
  db: Db,
  organizationId: string,
  year: number,
  secret: boolean,
  retried = false,
): Promise<string> {
  const kind = secret ? "secret" : "ordinary";
  const open = await selectOpenRegisterId(db, {
    organizationId,
    direction: "outgoing",
    year,
    kind,
  });
  if (open) return open;
  try {
    const created = await createRegister({
      db,
      actor: { kind: "system", name: "documents" },
      input: {
        organizationId,
        direction: "outgoing",
        year,
        kind,
        name: secret ? `Sổ văn bản đi mật ${year}` : `Sổ văn bản đi ${year}`,
      },
    });
    return created.id;
  } catch (error) {
    if (isAppError(error) && error.code === "conflict") {
      // Opened by another clerk meanwhile (outside a transaction only: see numberDocument).
      if (!retried && !db.isTransaction)
        return outgoingRegisterId(db, organizationId, year, secret, true);
      // The year's register exists but is closed.
      throw new AppError("unprocessable", {
        detail: {
          vi: `Sổ văn bản đi${secret ? " mật" : ""} năm ${year} đã khóa; hãy mở lại sổ để cấp số.`,
          en: `The ${secret ? "secret " : ""}outgoing register of ${year} is closed; reopen it to number documents.`,
        },
      });
    }
    throw error;
  }
}

/**
 * The clerk numbers the document and registers it in the outgoing register (art. 14–15): the
 * ordinary register, or the secret one for secret documents, created for the year when missing.
 * A secret document is numbered from its draft (metadata only); others once the leader signed.
 */
export async function numberDocument(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    requestMeta?: RequestMeta | undefined;
    now?: Date;
  },
) {
  const actor = requireActor(options.actor);
  // The year's register is opened before the transaction: two clerks numbering the year's first
  // documents at once would otherwise both create it, and the loser's transaction could not go on.
  const probe = await readableDocument(ctx.db, actor, options.documentId);
  if (probe.direction === "outgoing" && hasRole(actor, "clerk"))
    await outgoingRegisterId(
      ctx.db,
      probe.organization_id,
      Number(vietnamToday(options.now).slice(0, 4)),
      isSecret(probe),
    );
  return inTransaction(ctx.db, async (trx) => {
    const row = await readableDocument(trx, actor, options.documentId, { forUpdate: true });
    if (row.direction !== "outgoing") throw new AppError("not_found");
    requireRoleFor(actor, ["clerk"], {
      vi: "Chỉ văn thư được cấp số văn bản.",
      en: "Only a clerk numbers documents.",
    });
    const secret = isSecret(row);
    const from = secret ? (["draft"] as const) : (["signed"] as const);
    if (!(from as readonly string[]).includes(row.status))
      throw new AppError("unprocessable", {
        detail: secret
          ? { vi: "Văn bản mật đã được cấp số.", en: "The secret document is already numbered." }
          : {
              vi: "Chỉ cấp số cho văn bản đã được lãnh đạo ký.",
              en: "Only a document the leader signed is numbered.",
            },
      });
    const date = vietnamToday(options.now);
    const year = Number(date.slice(0, 4));
    const registerId = await outgoingRegisterId(trx, row.organization_id, year, secret);
    const entry = await registerEntry({
      db: trx,
      actor,
      registerId,
      input: {
        typeCode: row.type_code,
        documentDate: date,
        subject: row.subject,
        ...(row.drafting_unit && { unit: row.drafting_unit }),
        ...(row.signer_name && { signer: row.signer_name }),
        urgency: (row.urgency === "hoa_toc_hen_gio" ? "hoa_toc" : row.urgency) as "normal",
        confidentiality: row.confidentiality as "none",
      },
    });
    const updated = await transition(trx, {
      row,
      actor,
      from,
      to: "numbered",
      action: "numbered",
      details: { number: entry.number, symbol: entry.symbol, registerId },
      patch: {
        number: entry.number,
        symbol: entry.symbol,
        document_date: date,
        register_entry_id: entry.id,
        search_text: searchTextOf([row.subject, row.summary, entry.symbol, String(entry.number)]),
      },
      refusal: { vi: "Không cấp số được.", en: "Cannot number the document." },
    });
    return toSummary(updated);
  });
}

/**
 * The clerk applies the agency's digital signature (ký số của cơ quan, art. 14): a second PAdES
 * B-T signature in an incremental update, with the red seal overlapping the left third of the
 * leader's signature, so the leader's signature stays valid.
 */
export async function sealDocument(
  ctx: ModuleContext,
  options: { actor: Actor | null; documentId: string; requestMeta?: RequestMeta | undefined },
) {
  const actor = requireActor(options.actor);
  const blobs = blobStoreFor(ctx.config);
  const probe = await clerkStep(ctx, actor, options.documentId, {
    status: "numbered",
    who: {
      vi: "Chỉ văn thư được ký số của cơ quan.",
      en: "Only a clerk applies the agency's signature.",
    },
    when: {
      vi: "Chỉ ký số cơ quan cho văn bản đã cấp số.",
      en: "Only a numbered document gets the agency's signature.",
    },
  });
  const organization = await getOrganization({ db: ctx.db, id: probe.organization_id });
  const signedFile = await selectFile(ctx.db, probe.id, probe.main_file_id);
  const pdf = await blobs.read(signedFile!.sha256);
  const signedEvent = await selectLastEvent(ctx.db, probe.id, "signed");
  const details = (signedEvent?.details ?? {}) as { signerRect?: Rect; page?: number };
  const signerRect = details.signerRect ?? DEFAULT_SIGNER_RECT;
  const sealed = await signPdf({
    pdf,
    signer: await agencySealSigner(ctx),
    level: "B-T",
    timestamp: platformTimestamps(ctx),
    reason: `Ký số của cơ quan: ${organization!.name}, ${probe.symbol}`,
    visible: {
      page: details.page ?? (await lastPageOf(pdf)),
      rect: defaultSealRect(signerRect),
      appearance: { kind: "seal", agencyName: organization!.name },
    },
  });
  return inTransaction(ctx.db, async (trx) => {
    const row = await lockUnchanged(trx, actor, probe);
    const file = await attachFile(trx, blobs, {
      documentId: row.id,
      actor,
      role: "sealed",
      name: `${(row.symbol ?? "van-ban").replace(/[/\s]/g, "_")}.pdf`,
      contentType: PDF_TYPE,
      source: sealed,
    });
    const updated = await transition(trx, {
      row,
      actor,
      from: ["numbered"],
      to: "sealed",
      action: "sealed",
      details: { fileId: file.id, sha256: file.sha256 },
      patch: { main_file_id: file.id },
      refusal: { vi: "Văn bản chưa được cấp số.", en: "The document is not numbered." },
    });
    await recordAudit(trx, {
      action: "documents.sealed",
      actor,
      ...options.requestMeta,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      details: { sha256: file.sha256, symbol: row.symbol },
    });
    return toSummary(updated);
  });
}

const PRIORITY: Record<string, Priority> = {
  normal: 0,
  khan: 1,
  thuong_khan: 2,
  hoa_toc: 3,
  hoa_toc_hen_gio: 4,
};

const edxmlDate = (isoDate: string) => isoDate.replaceAll("-", "/");

/**
 * Records `organizations` as external recipients of an issued document and queues the document's
 * package for each, keyed `edoc:{DocumentId}:{code}` so a repeated action queues nothing new.
 */
export async function sendToRecipients(
  trx: Db,
  blobs: BlobStore,
  options: {
    document: DocumentRow;
    edxmlDocumentId: string;
    organizations: Organization[];
    xml: string;
  },
) {
  const { document } = options;
  const rows = options.organizations.map((o) => ({
    id: newId(),
    document_id: document.id,
    kind: "external" as const,
    organization_id: o.id,
    org_code: o.code,
    org_name: o.name,
    user_id: null,
    delivery: "pending" as const,
    status_code: null,
    status_note: null,
    status_at: null,
  }));
  await insertRecipients(trx, rows);
  for (const recipient of rows)
    await queuePackage(trx, blobs, {
      organizationId: document.organization_id,
      kind: "edoc",
      toCode: recipient.org_code,
      xml: options.xml,
      idempotencyKey: `edoc:${options.edxmlDocumentId}:${recipient.org_code}`,
      documentId: document.id,
      recipientId: recipient.id,
    });
}

/**
 * The clerk issues the sealed document to agencies picked from the directory: one edXML package
 * (every recipient in `To`, the sealed PDF attached, signed with the agency's seal) queued once
 * per recipient, in the transaction that records the recipients, so each gets it exactly once in
 * effect even if the process stops right after. Secret documents are refused.
 */
export async function issueDocument(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    requestMeta?: RequestMeta | undefined;
    recipientCodes: string[];
    /** An issued document of ours this one replaces (BussinessDocType 3). */
    replaces?: Replaces | undefined;
  },
) {
  const actor = requireActor(options.actor);
  const blobs = blobStoreFor(ctx.config);
  const probe = await clerkStep(ctx, actor, options.documentId, {
    status: "sealed",
    who: { vi: "Chỉ văn thư được phát hành văn bản.", en: "Only a clerk issues documents." },
    when: {
      vi: "Chỉ phát hành văn bản đã có chữ ký số của cơ quan.",
      en: "Only a document with the agency's signature is issued.",
    },
  });
  const codes = [...new Set(options.recipientCodes.map((c) => c.trim()))];
  if (codes.length === 0)
    throw new AppError("validation_failed", {
      detail: { vi: "Hãy chọn ít nhất một nơi nhận.", en: "Pick at least one recipient." },
    });
  const sender = (await getOrganization({ db: ctx.db, id: probe.organization_id }))!;
  const recipients: Organization[] = [];
  for (const code of codes) {
    const found = await findOrganizationByCode({ db: ctx.db, code });
    if (!found)
      throw new AppError("unprocessable", {
        errors: [{ path: "body.recipientCodes", message: code }],
        detail: {
          vi: `Không có cơ quan mã ${code} trong danh bạ (hoặc đã ngừng hoạt động).`,
          en: `No active organization with code ${code} in the directory.`,
        },
      });
    if (found.id === sender.id)
      throw new AppError("unprocessable", {
        detail: {
          vi: "Cơ quan không gửi văn bản cho chính mình.",
          en: "An organization does not send to itself.",
        },
      });
    recipients.push(found);
  }
  const replacement =
    options.replaces && (await replacedDocument(ctx.db, actor, probe, options.replaces));
  const sealedFile = (await selectFile(ctx.db, probe.id, probe.main_file_id))!;
  const pdf = await blobs.read(sealedFile.sha256);
  const [numberText, ...notation] = (probe.symbol ?? "").split("/");
  const date = isoDay(probe.document_date) ?? vietnamToday();
  const documentId = `${sender.code},${edxmlDate(date)},${probe.symbol}`;
  const typeName = DOCUMENT_TYPES[probe.type_code as keyof typeof DOCUMENT_TYPES].vi;
  const xml = await buildEdoc({
    edoc: {
      from: { organId: sender.code, organName: sender.name },
      to: recipients.map((r) => ({ organId: r.code, organName: r.name })),
      documentId,
      code: { codeNumber: numberText!, codeNotation: notation.join("/") },
      promulgationInfo: { promulgationDate: date },
      documentType: { type: probe.type_code === "CV" ? "2" : "1", typeName },
      subject: probe.subject,
      ...(probe.summary && { content: probe.summary.slice(0, 500) }),
      signerInfo: {
        ...(probe.signer_competence && { competence: probe.signer_competence }),
        ...(probe.signer_position && { position: probe.signer_position }),
        ...(probe.signer_name && { fullName: probe.signer_name }),
      },
      ...(probe.due_date && { dueDate: isoDay(probe.due_date)! }),
      toPlaces: recipients.map((r) => r.name.slice(0, 150)),
      otherInfo: { priority: PRIORITY[probe.urgency] ?? 0 },
      responseFor: [],
      traceHeaders: [{ organId: sender.code, timestamp: new Date() }],
      ...(replacement && { bussiness: replacement.bussiness }),
    },
    attachments: [
      {
        contentId: `cid:${sealedFile.sha256.slice(0, 32)}`,
        attachmentName: sealedFile.name,
        contentType: PDF_TYPE,
        content: pdf,
      },
    ],
  }).text();
  const signedPackage = await sealPackage(ctx, xml);
  return inTransaction(ctx.db, async (trx) => {
    const row = await lockUnchanged(trx, actor, probe);
    await sendToRecipients(trx, blobs, {
      document: row,
      edxmlDocumentId: documentId,
      organizations: recipients,
      xml: signedPackage,
    });
    const updated = await transition(trx, {
      row,
      actor,
      from: ["sealed"],
      to: "issued",
      action: "issued",
      details: {
        recipients: codes,
        edxmlDocumentId: documentId,
        ...(replacement && { replaces: replacement.old.id }),
      },
      patch: { edxml_document_id: documentId },
      refusal: {
        vi: "Văn bản chưa sẵn sàng phát hành.",
        en: "The document is not ready to issue.",
      },
    });
    if (replacement)
      await recordReplacement(trx, {
        actor,
        document: updated,
        old: replacement.old,
        reason: replacement.reason,
        requestMeta: options.requestMeta,
      });
    await recordAudit(trx, {
      action: "documents.issued",
      actor,
      ...options.requestMeta,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      details: { recipients: codes, symbol: row.symbol },
    });
    return toSummary(updated);
  });
}
