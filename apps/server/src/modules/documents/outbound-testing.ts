import type { Edoc } from "@lienthong/edxml";
import { blobStoreFor } from "../../core/blobs.ts";
import { newId } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import type { Organization } from "../directory/index.ts";
import { insertDocument, insertRecipients } from "./documents-repo.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";
import { queuePackage } from "./outbound.ts";

const agency = (o: { code: string; name: string }) => ({ code: o.code, name: o.name });

/**
 * An outgoing document of `from`, issued to `to` (one agency or several) as the issue step
 * leaves it: its row, a recipient row per agency, and its one sealed package (addressed to all of
 * them) queued once per recipient. The first recipient's ids are returned at the top level.
 */
export async function issueTestDocument(
  ctx: ModuleContext,
  from: { code: string; name: string; id: string },
  to: Organization | Organization[],
  edoc?: Edoc,
) {
  const agencies = Array.isArray(to) ? to : [to];
  const header = edoc ?? buildTestEdoc(agency(from), agencies.map(agency));
  const xml = await sealedEdocPackage(ctx, header, await signedTestPdf(ctx));
  const documentId = newId();
  await insertDocument(ctx.db, {
    id: documentId,
    organization_id: from.id,
    direction: "outgoing",
    status: "issued",
    type_code: "CV",
    subject: header.subject,
    summary: null,
    urgency: "normal",
    confidentiality: "none",
    drafting_unit: null,
    signer_name: null,
    signer_position: null,
    signer_competence: null,
    number: Number(header.code.codeNumber),
    symbol: `${header.code.codeNumber}/${header.code.codeNotation}`,
    document_date: "2026-11-20",
    register_entry_id: null,
    edxml_document_id: header.documentId,
    sender_code: null,
    sender_name: null,
    due_date: null,
    main_file_id: null,
    search_text: "",
    created_by: null,
  });
  const rows = agencies.map((organization) => ({
    id: newId(),
    document_id: documentId,
    kind: "external" as const,
    organization_id: organization.id,
    org_code: organization.code,
    org_name: organization.name,
    user_id: null,
    delivery: "pending" as const,
    status_code: null,
    status_note: null,
    status_at: null,
  }));
  await insertRecipients(ctx.db, rows);
  const recipients: { recipientId: string; outboundId: string; code: string }[] = [];
  for (const row of rows) {
    const queued = await queuePackage(ctx.db, blobStoreFor(ctx.config), {
      organizationId: from.id,
      kind: "edoc",
      toCode: row.org_code,
      xml,
      idempotencyKey: `edoc:${header.documentId}:${row.org_code}`,
      documentId,
      recipientId: row.id,
    });
    recipients.push({ recipientId: row.id, outboundId: queued.id, code: row.org_code });
  }
  const [first] = recipients;
  return {
    edoc: header,
    xml,
    documentId,
    recipients,
    recipientId: first!.recipientId,
    outboundId: first!.outboundId,
  };
}
