import { apiRequest } from "./client.ts";

/** Files attached to a report beside its narrative (tài liệu đính kèm). */
const BASE = "/api/v1/reports";
const id = (value: string) => encodeURIComponent(value);

export type ReportAttachment = {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
};

export type ReportAttachments = {
  items: ReportAttachment[];
  /** Whether the signed-in person may add or remove files now. */
  editable: boolean;
};

/** The types the server takes, by extension, for files the browser gives no type. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  zip: "application/zip",
};

/** For the file picker's `accept`. */
export const ATTACHMENT_EXTENSIONS = Object.keys(TYPES_BY_EXTENSION)
  .map((extension) => `.${extension}`)
  .join(",");

const attachmentsUrl = (reportId: string) => `${BASE}/reports/${id(reportId)}/attachments`;

export const fetchReportAttachments = (reportId: string) =>
  apiRequest<ReportAttachments>(attachmentsUrl(reportId));

/** A download link (the session cookie goes with it). */
export const reportAttachmentUrl = (reportId: string, attachmentId: string) =>
  `${attachmentsUrl(reportId)}/${id(attachmentId)}`;

/** Sends the file as the raw body, its name in `?name=`; the server checks its type and size. */
export function uploadReportAttachment(reportId: string, file: File) {
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  return apiRequest<ReportAttachment>(attachmentsUrl(reportId), {
    method: "POST",
    query: { name: file.name },
    file: {
      bytes: file,
      type: file.type || TYPES_BY_EXTENSION[extension] || "application/octet-stream",
    },
  });
}

export const removeReportAttachment = (reportId: string, attachmentId: string) =>
  apiRequest<void>(reportAttachmentUrl(reportId, attachmentId), { method: "DELETE" });
