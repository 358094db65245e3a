import type { Edoc, ParsedAttachment } from "@lienthong/edxml";
import { newId } from "../../core/ids.ts";
import { foldVietnamese } from "../../core/text.ts";
import type { Organization } from "../directory/index.ts";
import { DOCUMENT_TYPES, type DocumentTypeCode } from "./document-types.ts";
import { searchTextOf, type Urgency } from "./documents.ts";
import type { DocumentRow } from "./documents-repo.ts";
import type { Arrival } from "./incoming.ts";

/** What an edoc package becomes in the documents' tables: the document's row and its files' rows. */

const URGENCY_OF_PRIORITY: Record<number, Urgency> = {
  0: "normal",
  1: "khan",
  2: "thuong_khan",
  3: "hoa_toc",
  4: "hoa_toc_hen_gio",
};

/**
 * The register's type code for an edXML DocumentType. The standard's numeric codes disagree
 * between the 2022 amendment and packages in the wild, so the name decides ("Công văn" → CV);
 * an unknown name is registered as công văn, the general administrative letter.
 */
export function typeCodeOf(type: Edoc["documentType"]): DocumentTypeCode {
  const name = foldVietnamese(type.typeName ?? "").trim();
  const found = Object.entries(DOCUMENT_TYPES).find(([, t]) => foldVietnamese(t.vi) === name);
  return (found?.[0] as DocumentTypeCode | undefined) ?? "CV";
}

export function documentRow(
  edoc: Edoc,
  organization: Organization,
  arrival: Arrival,
  accepted: boolean,
): DocumentRow {
  const { codeNumber, codeNotation } = edoc.code;
  const symbol = `${codeNumber}/${codeNotation}`;
  const senderName = edoc.from.organName ?? null;
  const now = new Date();
  return {
    id: newId(),
    organization_id: organization.id,
    direction: "incoming",
    status: accepted ? "arrived" : "rejected",
    type_code: typeCodeOf(edoc.documentType),
    subject: edoc.subject,
    summary: edoc.content ?? null,
    urgency: URGENCY_OF_PRIORITY[edoc.otherInfo?.priority ?? 0] ?? "normal",
    // State secrets are never sent electronically (Decree 30/2020, art. 5).
    confidentiality: "none",
    drafting_unit: null,
    signer_name: edoc.signerInfo?.fullName ?? null,
    signer_position: edoc.signerInfo?.position ?? null,
    signer_competence: edoc.signerInfo?.competence ?? null,
    number: /^\d{1,9}$/.test(codeNumber) ? Number(codeNumber) : null,
    symbol,
    document_date: edoc.promulgationInfo.promulgationDate,
    register_entry_id: null,
    edxml_document_id: edoc.documentId,
    sender_code: edoc.from.organId,
    sender_name: senderName,
    due_date: edoc.dueDate ?? null,
    main_file_id: null,
    search_text: searchTextOf([edoc.subject, symbol, senderName, edoc.content]),
    created_by: arrival.actor.kind === "user" ? arrival.actor.userId : null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

/** The rows of one new document's files: the package itself, then each attachment. */
export function fileRows(
  arrival: Arrival,
  edoc: Edoc,
  attachments: ParsedAttachment[],
  row: DocumentRow,
) {
  const base = { document_id: row.id, created_by: row.created_by };
  const name = `${edoc.code.codeNumber}-${edoc.code.codeNotation}`.replace(/[\\/:*?"<>|]/g, "-");
  return [
    {
      ...base,
      id: newId(),
      role: "received" as const,
      name: `${name}.edxml`,
      content_type: "application/xml",
      sha256: arrival.pkg.sha256,
      size: arrival.pkg.size,
    },
    ...attachments.map((attachment, index) => ({
      ...base,
      id: newId(),
      role: "attachment" as const,
      name: attachment.attachmentName,
      content_type: attachment.contentType,
      sha256: arrival.files[index]!.sha256,
      size: arrival.files[index]!.size,
    })),
  ];
}
