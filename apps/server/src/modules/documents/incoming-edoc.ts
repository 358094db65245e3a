import type { Edoc, ParsedAttachment } from "@lienthong/edxml";
import type { PdfValidator } from "@lienthong/pki";
import { actorLabel } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { newId } from "../../core/ids.ts";
import { findOrganizationByCode, type Organization } from "../directory/index.ts";
import { peerServing } from "../exchange/index.ts";
import { linkReplacedCopies, receiveAmendment } from "./amendment-receive.ts";
import { recordEvent } from "./documents.ts";
import {
  insertDocument,
  insertFile,
  selectDocumentByEdxmlId,
  selectFiles,
  type DocumentRow,
} from "./documents-repo.ts";
import { MAX_PACKAGE_BYTES, type Arrival, type ReceiveOutcome } from "./incoming.ts";
import { documentRow, fileRows } from "./incoming-edoc-rows.ts";
import { isPdf, judgeChecks, summarizePdf, type CheckResult } from "./incoming-checks.ts";
import { insertReceipt, insertValidations } from "./incoming-repo.ts";
import { queueStatuses, sealStatus, type SealedStatus } from "./incoming-status.ts";
import { inTransaction, isUniqueViolation } from "./incoming-common.ts";

/**
 * The organizations of this platform the package is for: every `To` in the directory, except the
 * agencies a federation peer serves (the directory may list them; their copy is the peer's).
 */
export async function addressees(arrival: Arrival, edoc: Edoc) {
  const { actor, ctx } = arrival;
  const facts = { kind: "edoc" as const, from: edoc.from.organId, documentId: edoc.documentId };
  const sender = await findOrganizationByCode({ db: ctx.db, code: edoc.from.organId });
  if (!sender)
    await arrival.refuse(
      {
        vi: `Cơ quan gửi ${edoc.from.organId} không có trong danh bạ.`,
        en: `The sender ${edoc.from.organId} is not in the directory.`,
      },
      facts,
    );
  const found = await Promise.all(
    edoc.to.map((to) => findOrganizationByCode({ db: ctx.db, code: to.organId })),
  );
  const served = await Promise.all(
    found.map(async (o) => o !== undefined && !(await peerServing(ctx.db, o.code))),
  );
  let ours = found.filter((o, i): o is Organization => o !== undefined && served[i]!);
  const platformWide = actor.kind === "system" || actor.roles.includes("system_admin");
  if (!platformWide) ours = ours.filter((o) => o.id === actor.organizationId);
  if (ours.length === 0)
    await arrival.refuse(
      platformWide
        ? {
            vi: `Văn bản không gửi cho cơ quan nào trên nền tảng này (nơi nhận: ${edoc.to.map((t) => t.organId).join(", ")}).`,
            en: `The document is not addressed to any organization on this platform (to: ${edoc.to.map((t) => t.organId).join(", ")}).`,
          }
        : {
            vi: "Văn bản không gửi cho cơ quan của bạn.",
            en: "The document is not addressed to your organization.",
          },
      facts,
    );
  return ours;
}

/** Each PDF attachment's signatures, validated now; `index` is the attachment's position. */
async function checkAttachments(
  arrival: Arrival,
  attachments: ParsedAttachment[],
  validator: PdfValidator,
): Promise<(CheckResult & { index: number })[]> {
  const results = [];
  for (const [index, attachment] of attachments.entries()) {
    if (!isPdf(attachment)) continue;
    const blob = arrival.files[index]!;
    const report = await validator.validate({
      pdf: new Uint8Array(await arrival.blobs.read(blob.sha256)),
      maxBytes: MAX_PACKAGE_BYTES,
    });
    results.push({ ...summarizePdf(attachment.attachmentName, blob.sha256, report), index });
  }
  return results;
}

/**
 * A document package: checked (package signature, every PDF's signatures), then recorded once for
 * each addressed organization of this platform — `arrived` with status 01 to the sender, or
 * `rejected` with the reason and status 02 — in one transaction with its files, checks, timeline,
 * audit entry and the queued status. A DocumentId already received by an organization is answered
 * with the document it became and changes nothing (Decree 30: never registered twice) — unless
 * that copy was rejected and this is another package: the sender's corrected one, a new copy.
 */
export async function receiveDocument(
  arrival: Arrival,
  input: {
    edoc: Edoc;
    attachments: ParsedAttachment[];
    packageCheck: CheckResult;
    validator: PdfValidator;
  },
): Promise<ReceiveOutcome> {
  const { ctx, blobs, actor, pkg } = arrival;
  const { edoc, attachments } = input;
  const business = edoc.bussiness?.bussinessDocType ?? 0;
  // Revoke and update name a document already received; a replacement is a new document.
  if (business === 1 || business === 2)
    return receiveAmendment(arrival, { edoc, packageCheck: input.packageCheck });
  const organizations = await addressees(arrival, edoc);
  const existing = await Promise.all(
    organizations.map(async (o) => {
      const found = await selectDocumentByEdxmlId(ctx.db, o.id, "incoming", edoc.documentId);
      // A rejected copy gives way to a corrected package: another package than the one rejected.
      if (found?.status === "rejected") {
        const files = await selectFiles(ctx.db, found.id);
        if (!files.some((f) => f.role === "received" && f.sha256 === pkg.sha256)) return undefined;
      }
      return found;
    }),
  );
  const fresh = organizations.filter((_, i) => !existing[i]);
  const known = existing.filter((d): d is DocumentRow => d !== undefined);
  const duplicate = async (): Promise<ReceiveOutcome> => {
    const rows = await Promise.all(
      organizations.map((o) => selectDocumentByEdxmlId(ctx.db, o.id, "incoming", edoc.documentId)),
    );
    const documents = rows.filter((d): d is DocumentRow => d !== undefined);
    const receiptId = newId();
    await insertReceipt(ctx.db, {
      id: receiptId,
      package_sha256: pkg.sha256,
      package_size: pkg.size,
      via: arrival.via,
      kind: "edoc",
      from_code: edoc.from.organId,
      edxml_document_id: edoc.documentId,
      outcome: "duplicate",
      reason: null,
      document_ids: documents.map((d) => d.id),
      received_by: actor.kind === "user" ? actor.userId : null,
      received_by_label: actorLabel(actor),
    });
    return {
      kind: "edoc",
      outcome: "duplicate",
      receiptId,
      edxmlDocumentId: edoc.documentId,
      reason: null,
      warnings: [],
      documents: documents.map((d) => ({
        id: d.id,
        organizationId: d.organization_id,
        status: d.status,
      })),
    };
  };
  if (fresh.length === 0) return duplicate();

  const pdfChecks = await checkAttachments(arrival, attachments, input.validator);
  const checks: CheckResult[] = [input.packageCheck, ...pdfChecks];
  const verdict = judgeChecks(checks);
  const mainPdf = attachments.findIndex(isPdf);
  const prepared: { row: DocumentRow; files: ReturnType<typeof fileRows>; status: SealedStatus }[] =
    [];
  for (const organization of fresh) {
    const row = documentRow(edoc, organization, arrival, verdict.accepted);
    const files = fileRows(arrival, edoc, attachments, row);
    if (mainPdf >= 0) row.main_file_id = files[mainPdf + 1]!.id;
    const status = await sealStatus(ctx, {
      document: row,
      code: verdict.accepted ? "01" : "02",
      description: verdict.reason?.vi,
      actor,
    });
    prepared.push({ row, files, status });
  }

  const receiptId = newId();
  try {
    await inTransaction(ctx.db, async (trx) => {
      for (const { row, files, status } of prepared) {
        await insertDocument(trx, row);
        for (const file of files) await insertFile(trx, file);
        // files[0] is the package itself, files[i + 1] the attachment i.
        const checked = [
          { check: input.packageCheck, file: files[0]! },
          ...pdfChecks.map((check) => ({ check, file: files[check.index + 1]! })),
        ];
        await insertValidations(
          trx,
          checked.map(({ check, file }) => ({
            id: newId(),
            document_id: row.id,
            target: check.target,
            file_id: file.id,
            name: check.name,
            indication: check.indication,
            sub_indication: check.subIndication,
            signatures: check.signatures,
            messages: check.messages,
            validated_at: new Date(check.validatedAt),
          })),
        );
        await recordEvent(trx, {
          documentId: row.id,
          actor,
          action: "received",
          status: row.status,
          note: verdict.reason?.vi ?? null,
          details: {
            via: arrival.via,
            from: edoc.from.organId,
            packageSha256: pkg.sha256,
            reason: verdict.reason,
            warnings: verdict.warnings,
            checks: checks.map((c) => ({
              target: c.target,
              name: c.name,
              indication: c.indication,
            })),
            statusSent: status.code,
          },
        });
        await queueStatuses(trx, blobs, row, [status]);
        if (business === 3)
          await linkReplacedCopies(trx, { document: row, edoc, actor, packageSha256: pkg.sha256 });
        await recordAudit(trx, {
          action: verdict.accepted ? "documents.incoming_received" : "documents.incoming_rejected",
          actor,
          organizationId: row.organization_id,
          targetType: "document",
          targetId: row.id,
          details: {
            via: arrival.via,
            edxmlDocumentId: edoc.documentId,
            from: edoc.from.organId,
            packageSha256: pkg.sha256,
            ...(verdict.reason ? { reason: verdict.reason.en } : {}),
          },
        });
      }
      await insertReceipt(trx, {
        id: receiptId,
        package_sha256: pkg.sha256,
        package_size: pkg.size,
        via: arrival.via,
        kind: "edoc",
        from_code: edoc.from.organId,
        edxml_document_id: edoc.documentId,
        outcome: verdict.accepted ? "arrived" : "rejected",
        reason: verdict.reason?.vi ?? null,
        document_ids: [...known, ...prepared.map((p) => p.row)].map((d) => d.id),
        received_by: actor.kind === "user" ? actor.userId : null,
        received_by_label: actorLabel(actor),
      });
    });
  } catch (error) {
    // The same package delivered twice at once: the other delivery recorded it first.
    if (isUniqueViolation(error)) return duplicate();
    throw error;
  }
  return {
    kind: "edoc",
    outcome: verdict.accepted ? "arrived" : "rejected",
    receiptId,
    edxmlDocumentId: edoc.documentId,
    reason: verdict.reason,
    warnings: verdict.warnings,
    documents: [
      ...known.map((d) => ({ id: d.id, organizationId: d.organization_id, status: d.status })),
      ...prepared.map(({ row }) => ({
        id: row.id,
        organizationId: row.organization_id,
        status: row.status,
      })),
    ],
  };
}
