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
 * An outgoing document of `from`, issued to `to` as the issue step leaves it: its row, its
 * recipient and its sealed package queued for delivery.
 */
export async function issueTestDocument(
  ctx: ModuleContext,
  from: { code: string; name: string; id: string },
  to: Organization,
  edoc?: Edoc,
) {
  const header = edoc ?? buildTestEdoc(agency(from), [agency(to)]);
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
  const recipientId = newId();
  await insertRecipients(ctx.db, [
    {
      id: recipientId,
      document_id: documentId,
      kind: "external",
      organization_id: to.id,
      org_code: to.code,
      org_name: to.name,
      user_id: null,
      delivery: "pending",
      status_code: null,
      status_note: null,
      status_at: null,
    },
  ]);
  const queued = await queuePackage(ctx.db, blobStoreFor(ctx.config), {
    organizationId: from.id,
    kind: "edoc",
    toCode: to.code,
    xml,
    idempotencyKey: `edoc:${header.documentId}:${to.code}`,
    documentId,
    recipientId,
  });
  return { edoc: header, xml, documentId, recipientId, outboundId: queued.id };
}
