import { apiRequest, ApiError, withQuery, type QueryValue } from "./client.ts";
import type { Localized, Page } from "./types.ts";

/** Official documents (Decree 30/2020): outgoing workflow, incoming handling, files, checks. */
const BASE = "/api/v1/documents";
const id = (value: string) => encodeURIComponent(value);

export const OUTGOING_STATUSES = [
  "draft",
  "in_review",
  "returned",
  "signed",
  "numbered",
  "sealed",
  "issued",
] as const;
export const INCOMING_STATUSES = [
  "arrived",
  "rejected",
  "accepted",
  "assigned",
  "in_progress",
  "done",
] as const;
export const URGENCIES = ["normal", "khan", "thuong_khan", "hoa_toc", "hoa_toc_hen_gio"] as const;
export const CONFIDENTIALITIES = ["none", "mat", "toi_mat", "tuyet_mat"] as const;
/** Decree 30/2020, Appendix III; labels in `documentType.*`. */
export const DOCUMENT_TYPES = [
  "CV",
  "QĐ",
  "TB",
  "KH",
  "BC",
  "TTr",
  "HD",
  "GM",
  "NQ",
  "CT",
  "QC",
  "QyĐ",
  "TC",
  "CTr",
  "PA",
  "ĐA",
  "DA",
  "BB",
  "HĐ",
  "GUQ",
  "GGT",
] as const;

export type Direction = "outgoing" | "incoming";
export type DocumentStatus =
  (typeof OUTGOING_STATUSES)[number] | (typeof INCOMING_STATUSES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Confidentiality = (typeof CONFIDENTIALITIES)[number];

export type DocumentSummary = {
  id: string;
  organizationId: string;
  direction: Direction;
  status: DocumentStatus;
  typeCode: string;
  subject: string;
  summary: string | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  draftingUnit: string | null;
  signer: { name: string | null; position: string | null; competence: string | null };
  number: number | null;
  symbol: string | null;
  documentDate: string | null;
  registerEntryId: string | null;
  edxmlDocumentId: string | null;
  sender: { code: string; name: string | null } | null;
  dueDate: string | null;
  mainFileId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type DocumentFile = {
  id: string;
  role: "draft" | "signed" | "sealed" | "attachment" | "received";
  name: string;
  contentType: string;
  sha256: string;
  size: number;
  createdAt: string;
};

export type DocumentEvent = {
  at: string;
  actor: string;
  action: string;
  status: string;
  note: string | null;
  details: Record<string, unknown> | null;
};

export type RecipientStatus = {
  code: string;
  description: string | null;
  staff: string | null;
  at: string;
};

export type DocumentRecipient = {
  id: string;
  kind: "external" | "internal";
  organizationId: string | null;
  orgCode: string | null;
  orgName: string;
  userId: string | null;
  delivery: "pending" | "sent" | "failed" | "refused";
  statusCode: string | null;
  statusNote: string | null;
  statusAt: string | null;
  timeline: RecipientStatus[];
};

export type DocumentDetail = DocumentSummary & {
  files: DocumentFile[];
  events: DocumentEvent[];
  recipients: DocumentRecipient[];
};

export type Indication = "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";

export type SignatureCheck = {
  signer: string | null;
  issuer: string | null;
  signingTime: string | null;
  timestamped: boolean;
  level: string | null;
  revocation: { status: string; source: string | null } | null;
  indication: Indication;
  subIndication: string | null;
  summary: Localized;
  messages: Localized[];
};

export type ValidationItem = {
  target: "package" | "pdf";
  fileId: string | null;
  name: string;
  indication: Indication;
  subIndication: string | null;
  signatures: SignatureCheck[];
  messages: Localized[];
  validatedAt: string;
};

type Person = { id: string; name: string };

export type Assignment = {
  mainUser: Person | null;
  mainUnit: Person | null;
  coHandlers: Person[];
  direction: string | null;
  dueDate: string | null;
  assignedBy: string;
  assignedAt: string;
};

export type Handling = {
  assignment: Assignment | null;
  comments: { id: string; author: string; body: string; createdAt: string }[];
  links: {
    id: string;
    direction: Direction;
    subject: string;
    symbol: string | null;
    note: string | null;
    linkedAt: string;
  }[];
};

export type Signer = { name?: string; position?: string; competence?: string };

export type DraftInput = {
  typeCode: string;
  subject: string;
  summary?: string;
  urgency?: Urgency;
  confidentiality?: Confidentiality;
  draftingUnit?: string;
  dueDate?: string;
  signer?: Signer;
};

export type SignInput = { signer?: Signer; note?: string; signatureImage?: string };

export type AssignInput = {
  direction?: string;
  mainUserId?: string;
  mainUnitId?: string;
  dueDate?: string;
};

export const listDocuments = (query: Record<string, QueryValue>) =>
  apiRequest<Page<DocumentSummary>>(`${BASE}/documents`, { query });

/** Where a search hit matched, with the spans (UTF-16 code units) where a query word starts. */
export type SearchSnippet = {
  field: "subject" | "symbol" | "sender" | "content";
  text: string;
  highlights: { start: number; length: number }[];
};
export type SearchHit = DocumentSummary & { snippet: SearchSnippet | null };

/** `GET /documents/search`: words (accents optional) and filters, permissions on the server. */
export const searchDocuments = (query: Record<string, QueryValue>) =>
  apiRequest<Page<SearchHit>>(`${BASE}/search`, { query });

export const fetchDocument = (docId: string) =>
  apiRequest<DocumentDetail>(`${BASE}/documents/${id(docId)}`);

export const fetchValidation = (docId: string) =>
  apiRequest<{ items: ValidationItem[] }>(`${BASE}/documents/${id(docId)}/validation`);

export const fetchHandling = (docId: string) =>
  apiRequest<Handling>(`${BASE}/documents/${id(docId)}/handling`);

/** The file's address; the server answers it as an attachment (a download). */
export const fileUrl = (docId: string, fileId: string) =>
  `${BASE}/documents/${id(docId)}/files/${id(fileId)}`;

/** The file's bytes, for showing a PDF in the page (the address itself downloads). */
export async function fetchFileBlob(docId: string, fileId: string): Promise<Blob> {
  const response = await fetch(fileUrl(docId, fileId), { credentials: "same-origin" });
  if (!response.ok) throw new ApiError({ status: response.status, code: "http_error", title: "" });
  return response.blob();
}

const post = <T>(docId: string, action: string, body?: unknown) =>
  apiRequest<T>(`${BASE}/documents/${id(docId)}/${action}`, { method: "POST", body: body ?? {} });

export const createDraft = (body: DraftInput) =>
  apiRequest<DocumentSummary>(`${BASE}/outgoing`, { method: "POST", body });

/** How a raw-body upload authenticates and which language its problems come back in. */
export type UploadContext = { csrf: string; language: string };

/**
 * Sends a file as the raw request body with its own content type (no multipart form); the server
 * streams it. Used for the draft's PDF/DOCX and for a clerk's edXML package.
 */
async function sendRaw<T>(
  path: string,
  method: string,
  body: Blob,
  type: string,
  ctx: UploadContext,
) {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: {
        accept: "application/json",
        "accept-language": ctx.language,
        "content-type": type,
        "x-csrf-token": ctx.csrf,
      },
      body,
    });
  } catch {
    throw new ApiError({ status: 0, code: "network_error", title: "" });
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return answer as T;
  throw new ApiError({
    status: response.status,
    code: String(answer.code ?? "http_error"),
    title: String(answer.title ?? ""),
    detail: typeof answer.detail === "string" ? answer.detail : undefined,
    requestId: typeof answer.requestId === "string" ? answer.requestId : undefined,
  });
}

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The draft's file: a PDF, or a DOCX the server converts to PDF. */
export const uploadDraftFile = (docId: string, file: File, ctx: UploadContext) =>
  sendRaw<DocumentFile>(
    withQuery(`${BASE}/documents/${id(docId)}/draft`, { name: file.name }),
    "PUT",
    file,
    /\.docx$/i.test(file.name) ? DOCX_TYPE : "application/pdf",
    ctx,
  );

export type ReceiveOutcome = {
  kind: "edoc" | "status";
  outcome: "arrived" | "rejected" | "duplicate" | "status_recorded";
  edxmlDocumentId: string;
  reason?: Localized | null;
  documents?: { id: string; organizationId: string; status: string }[];
};

/** A clerk hands in an edXML package received outside the platform (POST /inbox). */
export const uploadPackage = (file: File, ctx: UploadContext) =>
  sendRaw<ReceiveOutcome>(`${BASE}/inbox`, "POST", file, "application/xml", ctx);

export const submitDocument = (docId: string, note?: string) =>
  post<DocumentSummary>(docId, "submit", note ? { note } : {});
export const returnDocument = (docId: string, note: string) =>
  post<DocumentSummary>(docId, "return", { note });
export const signDocument = (docId: string, body: SignInput) =>
  post<DocumentSummary>(docId, "sign", body);
export const numberDocument = (docId: string) => post<DocumentSummary>(docId, "number");
export const sealDocument = (docId: string) => post<DocumentSummary>(docId, "seal");
export const issueDocument = (docId: string, recipientCodes: string[]) =>
  post<DocumentSummary>(docId, "issue", { recipientCodes });

export const acceptDocument = (docId: string, note?: string) =>
  post<DocumentSummary>(docId, "accept", note ? { note } : {});
export const rejectDocument = (docId: string, reason: string) =>
  post<DocumentSummary>(docId, "reject", { reason });
export const assignDocument = (docId: string, body: AssignInput) =>
  post<DocumentSummary>(docId, "assign", body);
export const startDocument = (docId: string) => post<DocumentSummary>(docId, "start");
export const commentDocument = (docId: string, body: string) => post(docId, "comments", { body });
export const completeDocument = (docId: string, note: string) =>
  post<DocumentSummary>(docId, "complete", { note });
