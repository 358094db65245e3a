import { buildStatus, STATUS_CODES, type StatusCode } from "@lienthong/edxml";
import type { Actor } from "../../core/actor.ts";
import type { BlobStore } from "../../core/blobs.ts";
import type { Db } from "../../core/db/index.ts";
import type { ModuleContext } from "../../core/module.ts";
import { getOrganization } from "../directory/index.ts";
import { sealPackage } from "./agency-signing.ts";
import type { DocumentRow } from "./documents-repo.ts";
import { queuePackage } from "./outbound.ts";

/** A status message for the sender, built and sealed before the transaction that queues it. */
export type SealedStatus = { code: StatusCode; xml: string };

/**
 * Builds the edXML status message (QCVN 102: From is us, ResponseFor the sender's document) and
 * signs it with our agency seal. Sealing happens outside the database transaction: the signer may
 * be an HSM or load the platform CA from the database, and neither should hold a transaction open.
 */
export async function sealStatus(
  ctx: ModuleContext,
  options: {
    document: DocumentRow;
    code: StatusCode;
    description?: string | null | undefined;
    actor: Actor | null;
    at?: Date;
  },
): Promise<SealedStatus> {
  const { document } = options;
  const ours = await getOrganization({ db: ctx.db, id: document.organization_id });
  if (!ours || !document.sender_code || !document.edxml_document_id)
    throw new Error(`document ${document.id} has no sender to answer`);
  const at = options.at ?? new Date();
  const description = options.description?.trim() || undefined;
  const xml = buildStatus({
    status: {
      from: {
        organId: ours.code,
        organName: ours.name,
        ...(ours.contacts.address ? { organAdd: ours.contacts.address } : {}),
        ...(ours.contacts.email ? { email: ours.contacts.email } : {}),
      },
      responseFor: {
        organId: document.sender_code,
        code: document.symbol ?? "",
        ...(document.document_date
          ? { promulgationDate: String(document.document_date).slice(0, 10) }
          : {}),
        documentId: document.edxml_document_id,
      },
      ...(options.actor?.kind === "user"
        ? { staffInfo: { staff: options.actor.displayName } }
        : {}),
      statusCode: options.code,
      ...(description ? { description: description.slice(0, 500) } : {}),
      timestamp: at,
      traceHeaders: [{ organId: ours.code, timestamp: at }],
    },
  });
  return { code: options.code, xml: await sealPackage(ctx, xml) };
}

/**
 * Queues sealed statuses for the sender in the caller's transaction. The key is the document and
 * the code, so a repeated action (or a reassignment) sends each status once.
 */
export async function queueStatuses(
  db: Db,
  blobs: BlobStore,
  document: DocumentRow,
  statuses: SealedStatus[],
) {
  const queued = [];
  for (const status of statuses)
    queued.push(
      await queuePackage(db, blobs, {
        organizationId: document.organization_id,
        kind: "status",
        toCode: document.sender_code!,
        xml: status.xml,
        idempotencyKey: `${document.id}:${status.code}`,
        documentId: document.id,
      }),
    );
  return queued;
}

/** "02 — từ chối tiếp nhận / rejected". */
export function statusLabel(code: StatusCode) {
  const known = STATUS_CODES[code];
  return { vi: `${code} — ${known.vi}`, en: `${code} — ${known.en}` };
}
